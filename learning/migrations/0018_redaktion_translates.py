"""The Redaktion runs the multilingual workflow: grant wagtail-localize's submit_translation via sync_roles."""

from django.db import migrations


def grant(apps, schema_editor):
    from learning.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0017_security_event_actions"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
