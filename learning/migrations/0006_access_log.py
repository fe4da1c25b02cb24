"""The access log: who viewed or exported whose learning data."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0005_coordination_staff_permissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AccessLogEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("view_progress", "Lernfortschritt angesehen"),
                            ("view_self_check", "Kompetenz-Check angesehen"),
                            ("export", "Daten exportiert"),
                            ("consent_given", "Einwilligung erteilt"),
                            ("consent_revoked", "Einwilligung widerrufen"),
                        ],
                        max_length=30,
                        verbose_name="was",
                    ),
                ),
                ("reason", models.CharField(max_length=200, verbose_name="warum")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="wann")),
                (
                    "subject",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="access_log_as_subject",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="wessen Daten",
                    ),
                ),
                (
                    "viewer",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="access_log_as_viewer",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="wer",
                    ),
                ),
            ],
            options={
                "verbose_name": "Zugriffsprotokoll-Eintrag",
                "verbose_name_plural": "Zugriffsprotokoll",
                "ordering": ["-created_at"],
                "indexes": [
                    models.Index(fields=["subject", "-created_at"], name="learning_ac_subject_ac52aa_idx")
                ],
            },
        ),
    ]
