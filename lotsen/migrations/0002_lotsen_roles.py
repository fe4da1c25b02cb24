"""Grant the roles their permissions on the Lotsen models and the access log."""

from django.db import migrations


def grant(apps, schema_editor):
    from learning.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("lotsen", "0001_profiles_requests_coaching_selfcheck"),
        ("learning", "0002_create_roles"),
        ("learning", "0006_access_log"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
