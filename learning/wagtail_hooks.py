"""Wagtail registrations of the learner record: organisation viewsets and course assignment."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .assignments import ASSIGN_PERMISSION, assign_view, assignments_view
from .viewsets import OrganisationViewSetGroup


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    return OrganisationViewSetGroup()


@hooks.register("register_admin_urls")
def register_assignment_urls():
    return [
        path("schulungen/", assignments_view, name="learning_assignments"),
        path("schulungen/zuweisen/", assign_view, name="learning_assign"),
    ]


class AssignmentMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(ASSIGN_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_assignment_menu_item():
    return AssignmentMenuItem(
        _("Schulungen zuweisen"), reverse("learning_assignments"), icon_name="calendar-check", order=250
    )
