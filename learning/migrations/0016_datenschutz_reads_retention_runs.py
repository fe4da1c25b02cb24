"""Datenschutz reads the summaries of the retention runs ("Löschläufe"): grant view_retentionrun via sync_roles."""

from django.db import migrations


def grant(apps, schema_editor):
    from learning.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("learning", "0015_reminder_templates")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
