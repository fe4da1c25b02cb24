"""The access log outlives the people it names, takes security events, and the combined role is split.

- `subject` becomes nullable with SET_NULL (like `viewer` already was); every entry gets the pseudonyms of
  both people (learning.models.privacy.pseudonym), written here for the entries that exist already.
- "Datenschutz/Personalrat" becomes "Datenschutz" (access log) and "Personalrat" (aggregates): its members
  are put into both groups and the old group with its grants is deleted (learning.roles.split_data_protection);
  an admin then takes each person out of the role that is not theirs. This is not written to the access
  log: a migration runs outside any request and cannot say who decided it.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def add_pseudonyms(apps, schema_editor):
    from learning.models.privacy import pseudonym

    AccessLogEntry = apps.get_model("learning", "AccessLogEntry")
    entries = list(AccessLogEntry.objects.only("pk", "viewer_id", "subject_id"))
    for entry in entries:
        entry.viewer_ref = pseudonym(entry.viewer_id)
        entry.subject_ref = pseudonym(entry.subject_id)
    AccessLogEntry.objects.bulk_update(entries, ["viewer_ref", "subject_ref"], batch_size=500)


def split_roles(apps, schema_editor):
    from learning.roles import split_data_protection, sync_roles

    split_data_protection(apps)
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0012_retention_runs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="accesslogentry",
            name="subject_ref",
            field=models.CharField(blank=True, max_length=12, verbose_name="Kennung (wessen Daten)"),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="viewer_ref",
            field=models.CharField(blank=True, max_length=12, verbose_name="Kennung (wer)"),
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
                    ("sign_in", "Anmeldung"),
                    ("sign_in_failed", "Anmeldung fehlgeschlagen"),
                    ("access_refused", "Zugriff verweigert"),
                    ("groups_changed", "Gruppen geändert"),
                    ("permissions_changed", "Berechtigungen geändert"),
                    ("log_exported", "Zugriffsprotokoll exportiert"),
                ],
                max_length=30,
                verbose_name="was",
            ),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="subject",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="access_log_as_subject",
                to=settings.AUTH_USER_MODEL,
                verbose_name="wessen Daten",
            ),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(fields=["viewer", "-created_at"], name="learning_ac_viewer__c37a62_idx"),
        ),
        migrations.RunPython(add_pseudonyms, migrations.RunPython.noop),
        migrations.RunPython(split_roles, migrations.RunPython.noop),
    ]
