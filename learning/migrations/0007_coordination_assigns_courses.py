"""Let Koordination assign courses and follow assigned trainings (learning.roles.ROLES)."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from learning.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("learning", "0006_access_log"), ("lotsen", "0002_lotsen_roles")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
