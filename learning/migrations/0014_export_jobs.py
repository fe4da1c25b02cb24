"""Background exports: jobs that a Celery worker builds and only their requester downloads."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import learning.models.certificates


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0013_access_log_survives_people"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ExportJob",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("requirements", "Stand der Pflichtschulungen")],
                        max_length=30,
                        verbose_name="Art",
                    ),
                ),
                ("params", models.JSONField(blank=True, default=dict, verbose_name="Auswahl")),
                (
                    "format",
                    models.CharField(
                        choices=[("csv", "CSV"), ("xlsx", "XLSX")], max_length=10, verbose_name="Format"
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("pending", "wird erstellt"),
                            ("ready", "fertig"),
                            ("failed", "fehlgeschlagen"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="Stand",
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        blank=True,
                        storage=learning.models.certificates.private_storage,
                        upload_to="exports/",
                        verbose_name="Datei",
                    ),
                ),
                ("rows", models.PositiveIntegerField(blank=True, null=True, verbose_name="Zeilen")),
                ("error", models.CharField(blank=True, max_length=200, verbose_name="Fehler")),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="angefordert am"),
                ),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="fertig am")),
                (
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="export_jobs",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="angefordert von",
                    ),
                ),
            ],
            options={
                "verbose_name": "Export",
                "verbose_name_plural": "Exporte",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(
                        fields=["requested_by", "-created_at"], name="learning_ex_request_c6db3c_idx"
                    )
                ],
            },
        ),
    ]
