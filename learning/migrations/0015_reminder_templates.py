"""Reminders of mandatory trainings: the texts the Redaktion keeps, the record of what went out, and the
learner's choice to copy their Lotse; the Redaktion may edit the texts (learning.roles).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import learning.models.reminders


def sync_roles(apps, schema_editor):
    from learning.roles import sync_roles  # noqa: PLC0415 - the roles as of this migration

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0014_export_jobs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReminderTemplates",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "greeting",
                    models.CharField(
                        default="Guten Tag {name},",
                        help_text="Platzhalter: {name}, {anzahl}.",
                        max_length=200,
                        validators=[learning.models.reminders.PlaceholderValidator(("name", "anzahl"))],
                        verbose_name="Anrede",
                    ),
                ),
                (
                    "closing",
                    models.TextField(
                        default="Bei Fragen hilft Ihnen die Personalentwicklung gern weiter.\n\nMit freundlichen Grüßen\nIhr Lernhafen-Team",
                        help_text="Platzhalter: {name}, {anzahl}.",
                        max_length=1000,
                        validators=[learning.models.reminders.PlaceholderValidator(("name", "anzahl"))],
                        verbose_name="Schluss",
                    ),
                ),
                (
                    "digest_subject",
                    models.CharField(
                        default="Lernhafen: {anzahl} Erinnerungen zu Ihren Pflichtschulungen",
                        help_text="Platzhalter: {name}, {anzahl}.",
                        max_length=200,
                        validators=[learning.models.reminders.PlaceholderValidator(("name", "anzahl"))],
                        verbose_name="Betreff bei mehreren Erinnerungen",
                    ),
                ),
                (
                    "due_soon_subject",
                    models.CharField(
                        default="Erinnerung: „{kurs}“ ist fällig bis {faellig}",
                        help_text="Platzhalter: {name}, {kurs}, {faellig}, {ueberfaellig_seit}, {gueltig_bis}, {link}.",
                        max_length=200,
                        validators=[
                            learning.models.reminders.PlaceholderValidator(
                                ("name", "kurs", "faellig", "ueberfaellig_seit", "gueltig_bis", "link")
                            )
                        ],
                        verbose_name="Betreff",
                    ),
                ),
                (
                    "due_soon_body",
                    models.TextField(
                        default="Die Pflichtschulung „{kurs}“ ist fällig bis {faellig}. Bitte planen Sie sich rechtzeitig Zeit dafür ein:\n{link}",
                        help_text="Platzhalter: {name}, {kurs}, {faellig}, {ueberfaellig_seit}, {gueltig_bis}, {link}.",
                        max_length=2000,
                        validators=[
                            learning.models.reminders.PlaceholderValidator(
                                ("name", "kurs", "faellig", "ueberfaellig_seit", "gueltig_bis", "link")
                            )
                        ],
                        verbose_name="Text",
                    ),
                ),
                (
                    "due_shortly_subject",
                    models.CharField(
                        default="Bald fällig: „{kurs}“ bis {faellig}",
                        help_text="Platzhalter: {name}, {kurs}, {faellig}, {ueberfaellig_seit}, {gueltig_bis}, {link}.",
                        max_length=200,
                        validators=[
                            learning.models.reminders.PlaceholderValidator(
                                ("name", "kurs", "faellig", "ueberfaellig_seit", "gueltig_bis", "link")
                            )
                        ],
                        verbose_name="Betreff",
                    ),
                ),
                (
                    "due_shortly_body",
                    models.TextField(
                        default="In wenigen Tagen endet die Frist: Die Pflichtschulung „{kurs}“ ist fällig bis {faellig}. Hier geht es zum Kurs:\n{link}",
                        help_text="Platzhalter: {name}, {kurs}, {faellig}, {ueberfaellig_seit}, {gueltig_bis}, {link}.",
                        max_length=2000,
                        validators=[
                            learning.models.reminders.PlaceholderValidator(
                                ("name", "kurs", "faellig", "ueberfaellig_seit", "gueltig_bis", "link")
                            )
                        ],
                        verbose_name="Text",
                    ),
                ),
                (
                    "overdue_subject",
                    models.CharField(
                        default="Überfällig: „{kurs}“",
                        help_text="Platzhalter: {name}, {kurs}, {faellig}, {ueberfaellig_seit}, {gueltig_bis}, {link}.",
                        max_length=200,
                        validators=[
                            learning.models.reminders.PlaceholderValidator(
                                ("name", "kurs", "faellig", "ueberfaellig_seit", "gueltig_bis", "link")
                            )
                        ],
                        verbose_name="Betreff",
                    ),
                ),
                (
                    "overdue_body",
                    models.TextField(
                        default="Die Pflichtschulung „{kurs}“ war fällig bis {faellig} und ist überfällig seit {ueberfaellig_seit}. Bitte holen Sie sie so bald wie möglich nach:\n{link}",
                        help_text="Platzhalter: {name}, {kurs}, {faellig}, {ueberfaellig_seit}, {gueltig_bis}, {link}.",
                        max_length=2000,
                        validators=[
                            learning.models.reminders.PlaceholderValidator(
                                ("name", "kurs", "faellig", "ueberfaellig_seit", "gueltig_bis", "link")
                            )
                        ],
                        verbose_name="Text",
                    ),
                ),
                (
                    "expiring_subject",
                    models.CharField(
                        default="„{kurs}“ ist gültig bis {gueltig_bis}",
                        help_text="Platzhalter: {name}, {kurs}, {faellig}, {ueberfaellig_seit}, {gueltig_bis}, {link}.",
                        max_length=200,
                        validators=[
                            learning.models.reminders.PlaceholderValidator(
                                ("name", "kurs", "faellig", "ueberfaellig_seit", "gueltig_bis", "link")
                            )
                        ],
                        verbose_name="Betreff",
                    ),
                ),
                (
                    "expiring_body",
                    models.TextField(
                        default="Ihre Pflichtschulung „{kurs}“ ist erledigt und gültig bis {gueltig_bis}. Danach ist sie wieder fällig. Sie können sie hier auffrischen:\n{link}",
                        help_text="Platzhalter: {name}, {kurs}, {faellig}, {ueberfaellig_seit}, {gueltig_bis}, {link}.",
                        max_length=2000,
                        validators=[
                            learning.models.reminders.PlaceholderValidator(
                                ("name", "kurs", "faellig", "ueberfaellig_seit", "gueltig_bis", "link")
                            )
                        ],
                        verbose_name="Text",
                    ),
                ),
            ],
            options={
                "verbose_name": "Erinnerungs-E-Mails",
                "verbose_name_plural": "Erinnerungs-E-Mails",
            },
        ),
        migrations.AddField(
            model_name="staffprofile",
            name="remind_lotse",
            field=models.BooleanField(
                default=False,
                editable=False,
                verbose_name="Erinnerungen auch an meine Lotsin oder meinen Lotsen",
            ),
        ),
        migrations.CreateModel(
            name="ReminderDigest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sent_on", models.DateField(verbose_name="Tag")),
                ("run", models.UUIDField(editable=False)),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="versandt am")),
                (
                    "copied_to_lotse",
                    models.BooleanField(default=False, verbose_name="Kopie an Lotsin oder Lotsen"),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminder_digests",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "versandte Erinnerung",
                "verbose_name_plural": "versandte Erinnerungen",
            },
        ),
        migrations.CreateModel(
            name="ReminderItem",
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
                        choices=[
                            ("due_soon", "fällig in 14 Tagen"),
                            ("due_shortly", "fällig in 3 Tagen"),
                            ("overdue", "überfällig"),
                            ("expiring", "Gültigkeit endet in 30 Tagen"),
                        ],
                        max_length=20,
                        verbose_name="Art",
                    ),
                ),
                (
                    "cycle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reminders",
                        to="learning.requirementcycle",
                    ),
                ),
                (
                    "digest",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="learning.reminderdigest",
                    ),
                ),
            ],
            options={
                "verbose_name": "Erinnerung",
                "verbose_name_plural": "Erinnerungen",
            },
        ),
        migrations.AddConstraint(
            model_name="reminderdigest",
            constraint=models.UniqueConstraint(fields=("user", "sent_on"), name="one_reminder_mail_a_day"),
        ),
        migrations.AddIndex(
            model_name="reminderitem",
            index=models.Index(fields=["cycle", "kind"], name="learning_re_cycle_i_424c15_idx"),
        ),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
