"""Wagtail admin for the learner record's non-page data: organisation units and staff profiles."""

from django.db.models import Count, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import OrgUnit, StaffProfile


class OrgUnitIndexView(IndexView):
    def get_base_queryset(self):
        # Parent names and staff counts in the listing query itself, so 50 units cost what 1 does.
        return super().get_base_queryset().select_related("parent").annotate(staff_count=Count("staff"))


class OrgUnitViewSet(ModelViewSet):
    model = OrgUnit
    index_view_class = OrgUnitIndexView
    icon = "group"
    menu_label = _("Organisationseinheiten")
    form_fields = ["name", "short_name", "parent"]
    list_display = [
        "name",
        "short_name",
        Column("parent", label=_("Übergeordnete Einheit"), sort_key="parent__name"),
        Column("staff_count", label=_("Beschäftigte"), sort_key="staff_count"),
    ]
    list_filter = ["parent"]
    search_fields = ["name", "short_name"]
    search_backend_name = None
    ordering = ["name"]
    list_export = ["name", "short_name", "parent", "staff_count"]
    export_headings = {"staff_count": _("Beschäftigte")}
    export_filename = "organisationseinheiten"
    copy_view_enabled = False


class StaffProfileIndexView(IndexView):
    def get_base_queryset(self):
        # person_name lets a search for "Anna Becker" find first and last name together.
        return (
            super()
            .get_base_queryset()
            .select_related("user", "org_unit")
            .annotate(person_name=Concat("user__first_name", Value(" "), "user__last_name"))
        )


class StaffProfileViewSet(ModelViewSet):
    model = StaffProfile
    index_view_class = StaffProfileIndexView
    icon = "user"
    menu_label = _("Beschäftigte")
    form_fields = ["user", "org_unit", "bass_cohort"]
    list_display = [
        "full_name",
        Column("username", accessor="user.username", label=_("Benutzername"), sort_key="user__username"),
        Column("org_unit", label=_("Organisationseinheit"), sort_key="org_unit__name"),
        "bass_cohort",
    ]
    list_filter = ["org_unit", "bass_cohort"]
    search_fields = ["person_name", "user__username"]
    search_backend_name = None
    ordering = ["user__last_name", "user__first_name"]
    list_export = ["full_name", "user.username", "org_unit", "bass_cohort"]
    export_headings = {"user.username": _("Benutzername")}
    export_filename = "beschaeftigte"
    copy_view_enabled = False


class OrganisationViewSetGroup(ViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "site"
    menu_order = 300
    items = (OrgUnitViewSet, StaffProfileViewSet)
