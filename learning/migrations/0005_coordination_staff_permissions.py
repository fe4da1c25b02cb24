"""Let Koordination view, add and change staff profiles in the admin (learning.roles.ROLES)."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from learning.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("learning", "0004_media_permissions_for_editors")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
