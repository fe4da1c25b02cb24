"""What Wagtail's migrations create with English names reaches the editors with German ones (migration 0019)."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from wagtail.models import Collection, GroupApprovalTask, Page, Workflow

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("learning.migrations.0019_german_names_for_wagtail_defaults")


def test_the_default_workflow_is_the_redaktions_approval_and_the_redaktion_approves():
    workflow = Workflow.objects.get()
    task = GroupApprovalTask.objects.get()
    assert workflow.name == task.name == "Freigabe durch die Redaktion"
    assert list(workflow.tasks.all()) == [task.task_ptr]
    assert set(task.groups.values_list("name", flat=True)) == {"Moderators", "Redaktion"}
    rita = UserFactory(groups=["Redaktion"])
    page = Page.get_first_root_node()
    assert "approve" in [action for action, _label, _modal in task.get_actions(page, rita)]


def test_the_root_page_and_the_root_collection_have_german_names():
    assert Page.get_first_root_node().title == "Alle Seiten"
    assert Page.get_first_root_node().draft_title == "Alle Seiten"
    assert Collection.get_first_root_node().name == "Allgemein"


def test_names_an_admin_gave_are_kept():
    Workflow.objects.update(name="Vier Augen")
    GroupApprovalTask.objects.update(name="Zweite Durchsicht")
    Page.objects.filter(depth=1).update(title="Baum")
    Collection.objects.filter(depth=1).update(name="Alles")

    migration.rename(apps, None)

    assert Workflow.objects.get().name == "Vier Augen"
    assert GroupApprovalTask.objects.get().name == "Zweite Durchsicht"
    assert Page.get_first_root_node().title == "Baum"
    assert Collection.get_first_root_node().name == "Alles"


def test_the_redaktion_sees_the_german_names_in_the_page_explorer(client, editor, home_page):
    client.force_login(editor)
    explorer = client.get(reverse("wagtailadmin_explore", args=[home_page.pk])).content.decode()
    assert "Alle Seiten" in explorer and "Root" not in explorer
    editing = client.get(reverse("wagtailadmin_pages:edit", args=[home_page.pk])).content.decode()
    assert "In Freigabe durch die Redaktion einreichen" in editing
    assert "Moderators" not in editing
