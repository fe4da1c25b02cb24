"""Redaktion and Koordination plan course dates; Koordination sees attendance by name for mandatory trainings
only (learning.viewsets.TerminViewSet): grant the termin permissions via sync_roles."""

from django.db import migrations


def grant(apps, schema_editor):
    from learning.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0020_termin_registrations_and_calendar_feed"),
        ("courses", "0015_course_dates"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
