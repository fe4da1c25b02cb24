"""Load the DigComp 2.2 competence framework (5 areas, 21 competences)."""

from django.db import migrations


def load(apps, schema_editor):
    from courses.competence_data import load_digcomp

    load_digcomp(apps.get_model("courses", "Competence"))


class Migration(migrations.Migration):
    dependencies = [("courses", "0003_catalogue_courses_lessons")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
