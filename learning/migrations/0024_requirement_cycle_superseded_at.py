from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery


def backfill(apps, schema_editor):
    """A cycle with a later one (by pk) of the same person and requirement is superseded since that one was
    created: the definition of "current" the overview used before (an anti-join over all cycles)."""
    RequirementCycle = apps.get_model("learning", "RequirementCycle")
    later = RequirementCycle.objects.filter(
        requirement=OuterRef("requirement"), user=OuterRef("user"), pk__gt=OuterRef("pk")
    )
    RequirementCycle.objects.filter(Exists(later)).update(
        superseded_at=Subquery(later.order_by("pk").values("created_at")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0023_indexes_for_retention_at_scale"),
    ]

    operations = [
        migrations.AddField(
            model_name="requirementcycle",
            name="superseded_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="abgelöst am"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="requirementcycle",
            index=models.Index(
                condition=models.Q(("ended_at__isnull", True), ("superseded_at__isnull", True)),
                fields=["requirement", "due_on"],
                name="current_cycle_due",
            ),
        ),
    ]
