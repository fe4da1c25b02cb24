"""The Redaktion runs the multilingual workflow and keeps the public contact details with their translations:
grant wagtail-localize's submit_translation and change_publicservicesettings via sync_roles."""

from django.db import migrations


def grant(apps, schema_editor):
    from learning.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0017_security_event_actions"),
        ("courses", "0013_contact_translations"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
