"""The role groups exist after migrating, with the permissions each role needs."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from learning import roles

pytestmark = pytest.mark.django_db


def test_all_roles_exist():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ROLES) <= names


def test_editors_may_edit_and_publish_pages():
    codenames = set(
        GroupPagePermission.objects.filter(group__name=roles.EDITORS).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= codenames


def test_learners_have_no_admin_access():
    group = Group.objects.get(name=roles.LEARNERS)
    assert not group.permissions.filter(codename="access_admin").exists()
    assert not GroupPagePermission.objects.filter(group=group).exists()
