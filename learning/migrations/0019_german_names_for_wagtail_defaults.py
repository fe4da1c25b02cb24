"""German names for what Wagtail's own migrations create with English ones and editors see in the admin:
the default workflow "Moderators approval" and its task ("In Moderators approval einreichen" in the page
editor), the root page "Root" (the page explorer's first breadcrumb) and the root collection "Root" (the
collection choice of every upload form and list). Each is renamed only while it still has Wagtail's name.

The workflow is named for the Redaktion, so the Redaktion becomes an approver of its task beside Wagtail's
"Moderators" group (which no role of the platform uses). That grants nothing new: approving the last task
publishes the page, which the Redaktion may do anyway.
"""

from django.db import migrations

WORKFLOW = ("Moderators approval", "Freigabe durch die Redaktion")
ROOT_PAGE = ("Root", "Alle Seiten")
ROOT_COLLECTION = ("Root", "Allgemein")


def rename(apps, schema_editor):
    from learning.roles import EDITORS

    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Group = apps.get_model("auth", "Group")

    old, new = WORKFLOW
    Workflow.objects.filter(name=old).update(name=new)
    editors = Group.objects.filter(name=EDITORS).first()
    for task in GroupApprovalTask.objects.filter(name=old):
        task.name = new
        task.save(update_fields=["name"])
        if editors is not None:
            task.groups.add(editors)

    old, new = ROOT_PAGE
    Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)
    old, new = ROOT_COLLECTION
    Collection.objects.filter(depth=1, name=old).update(name=new)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0018_redaktion_translates"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
