"""Mandatory trainings: requirements, cycles and exemptions replace the free assign form.

Enrolments that the assign form made become ordinary ones (nobody is obliged by a form that is gone),
and Koordination's roles follow (learning.roles).
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def assigned_to_self(apps, schema_editor):
    apps.get_model("learning", "Enrolment").objects.filter(source="assigned").update(source="self")


def sync_roles(apps, schema_editor):
    from learning.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("courses", "0007_easy_language_blocks_with_previews"),
        ("learning", "0009_staff_display_name_and_certificate_revocation"),
        ("lotsen", "0004_coaching_end_and_consent"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(assigned_to_self, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="enrolment",
            name="assigned_by",
        ),
        migrations.RemoveField(
            model_name="enrolment",
            name="due_date",
        ),
        migrations.AddField(
            model_name="staffprofile",
            name="entry_date",
            field=models.DateField(
                blank=True,
                help_text="Für Pflichtschulungen neuer Beschäftigter: ab wann die Frist läuft.",
                null=True,
                verbose_name="Eintrittsdatum",
            ),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("view_progress", "Lernfortschritt angesehen"),
                    ("view_self_check", "Kompetenz-Check angesehen"),
                    ("export", "Daten exportiert"),
                    ("consent_given", "Einwilligung erteilt"),
                    ("consent_revoked", "Einwilligung widerrufen"),
                    ("consent_ended", "Einwilligung mit der Begleitung beendet"),
                    ("rights_changed", "Rechte geändert"),
                    ("certificate_revoked", "Zertifikat widerrufen"),
                    ("exemption", "von Pflichtschulung befreit"),
                ],
                max_length=30,
                verbose_name="was",
            ),
        ),
        migrations.AlterField(
            model_name="enrolment",
            name="source",
            field=models.CharField(
                choices=[("self", "selbst eingeschrieben"), ("requirement", "Pflichtschulung")],
                default="self",
                max_length=20,
                verbose_name="Herkunft",
            ),
        ),
        migrations.CreateModel(
            name="TrainingRequirement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="Zum Beispiel „Jährliche Datenschutzunterweisung“.",
                        max_length=200,
                        verbose_name="Bezeichnung",
                    ),
                ),
                ("all_staff", models.BooleanField(default=False, verbose_name="Alle Beschäftigten")),
                (
                    "new_staff_days",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Ausgefüllt: nur wer ab „Gilt ab“ eintritt, und fällig so viele Tage nach dem Eintrittsdatum. Ohne Gruppen und Einheiten: alle neuen Beschäftigten.",
                        null=True,
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="Nur neue Beschäftigte: Frist nach Eintritt (Tage)",
                    ),
                ),
                (
                    "interval_months",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Leer lassen für eine einmalige Schulung. Beim Kalenderjahr: 12, 24, …",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(
                                1, "Das Intervall muss mindestens einen Monat betragen."
                            )
                        ],
                        verbose_name="Wiederholung alle … Monate",
                    ),
                ),
                (
                    "window",
                    models.CharField(
                        choices=[
                            ("rolling", "fortlaufend ab dem letzten Abschluss"),
                            ("calendar_year", "je Kalenderjahr mit Stichtag"),
                        ],
                        default="rolling",
                        max_length=20,
                        verbose_name="Zeitraum",
                    ),
                ),
                (
                    "due_month",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (1, "Januar"),
                            (2, "Februar"),
                            (3, "März"),
                            (4, "April"),
                            (5, "Mai"),
                            (6, "Juni"),
                            (7, "Juli"),
                            (8, "August"),
                            (9, "September"),
                            (10, "Oktober"),
                            (11, "November"),
                            (12, "Dezember"),
                        ],
                        default=12,
                        verbose_name="Stichtag: Monat",
                    ),
                ),
                (
                    "due_day",
                    models.PositiveSmallIntegerField(
                        default=31,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(31),
                        ],
                        verbose_name="Stichtag: Tag",
                    ),
                ),
                (
                    "first_due_days",
                    models.PositiveSmallIntegerField(
                        default=30,
                        help_text="So viele Tage hat jemand, der neu zur Zielgruppe kommt, mindestens Zeit.",
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="Frist beim ersten Mal (Tage)",
                    ),
                ),
                (
                    "renewal_days",
                    models.PositiveSmallIntegerField(
                        default=30,
                        help_text="Nur bei fortlaufender Wiederholung: ab dann kann man die Schulung erneut machen.",
                        verbose_name="Wiederholung öffnet … Tage vor Ablauf",
                    ),
                ),
                (
                    "grace_days",
                    models.PositiveSmallIntegerField(
                        default=0,
                        help_text="So viele Tage nach dem Fälligkeitsdatum gilt die Schulung noch nicht als überfällig.",
                        verbose_name="Kulanz (Tage)",
                    ),
                ),
                (
                    "legal_basis",
                    models.TextField(
                        blank=True,
                        help_text="Zum Beispiel „§ 35 SGB I, §§ 67 ff. SGB X“.",
                        verbose_name="Rechtsgrundlage",
                    ),
                ),
                (
                    "starts_on",
                    models.DateField(default=django.utils.timezone.localdate, verbose_name="Gilt ab"),
                ),
                (
                    "active",
                    models.BooleanField(
                        default=True,
                        help_text="Inaktiv: keine neuen Durchgänge, offene enden. Die Geschichte bleibt erhalten.",
                        verbose_name="Aktiv",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "course",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="requirements",
                        to="courses.coursepage",
                        verbose_name="Kurs",
                    ),
                ),
                (
                    "groups",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Alle Mitglieder dieser Gruppen.",
                        related_name="training_requirements",
                        to="auth.group",
                        verbose_name="Gruppen",
                    ),
                ),
                (
                    "org_units",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Alle Beschäftigten dieser Einheiten und ihrer Untereinheiten.",
                        related_name="training_requirements",
                        to="learning.orgunit",
                        verbose_name="Organisationseinheiten",
                    ),
                ),
            ],
            options={
                "verbose_name": "Pflichtschulung",
                "verbose_name_plural": "Pflichtschulungen",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Exemption",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "reason",
                    models.CharField(
                        help_text="Zum Beispiel „Elternzeit“. Steht im Zugriffsprotokoll.",
                        max_length=200,
                        verbose_name="Grund",
                    ),
                ),
                ("until", models.DateField(verbose_name="befreit bis")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="eingetragen am")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="eingetragen von",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="requirement_exemptions",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Person",
                    ),
                ),
                (
                    "requirement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="exemptions",
                        to="learning.trainingrequirement",
                        verbose_name="Pflichtschulung",
                    ),
                ),
            ],
            options={
                "verbose_name": "Befreiung",
                "verbose_name_plural": "Befreiungen",
                "ordering": ["-until"],
            },
        ),
        migrations.CreateModel(
            name="RequirementCycle",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("opens_on", models.DateField(verbose_name="beginnt am")),
                ("counts_from", models.DateField(blank=True, null=True, verbose_name="Abschlüsse zählen ab")),
                ("due_on", models.DateField(verbose_name="fällig bis")),
                ("overdue_from", models.DateField(verbose_name="überfällig ab")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="erledigt am")),
                ("valid_until", models.DateField(blank=True, null=True, verbose_name="gültig bis")),
                ("ended_at", models.DateTimeField(blank=True, null=True, verbose_name="beendet am")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="requirement_cycles",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "requirement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cycles",
                        to="learning.trainingrequirement",
                        verbose_name="Pflichtschulung",
                    ),
                ),
            ],
            options={
                "verbose_name": "Durchgang einer Pflichtschulung",
                "verbose_name_plural": "Durchgänge von Pflichtschulungen",
                "ordering": ["requirement", "user", "opens_on", "pk"],
                "indexes": [
                    models.Index(
                        fields=["user", "requirement", "-opens_on"], name="learning_re_user_id_ed3eaf_idx"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("done_at__isnull", True), ("ended_at__isnull", True)),
                        fields=("requirement", "user"),
                        name="one_open_cycle_per_person",
                    )
                ],
            },
        ),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
