"""Let the Redaktion role add, change and delete videos in the media library."""

from django.db import migrations


def grant_media_permissions(apps, schema_editor):
    from learning.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0003_enrolment_progress_attempts_certificates"),
        ("courses", "0002_video"),
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [migrations.RunPython(grant_media_permissions, migrations.RunPython.noop)]
