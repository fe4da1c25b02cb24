"""Wagtail admin of the learner record: organisation units, staff profiles, and assigning courses.

The assignment overview shows only assigned and mandatory trainings, and of those only status, due date,
completion date and certificate validity (DESIGN.md, privacy); every page of it and every export is
written to the access log.
"""

import django_filters
from django import forms
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf, Trim, TruncDate
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.account import AccountView as WagtailAccountView
from wagtail.admin.views.generic import IndexView, PermissionCheckedMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from courses.models import CoursePage

from . import assignments, privacy, revocation
from .forms import AssignmentForm, RevokeCertificateForm
from .models import AccessLogEntry, Certificate, Enrolment, OrgUnit, StaffProfile


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
    form_fields = ["user", "display_name", "org_unit", "bass_cohort"]
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


class CoordinationFormView(PermissionCheckedMixin, FormView):
    """An admin form for holders of `permission_required`; an invalid form answers 400 and saves nothing."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users who hold `action` under `policy`."""

    def __init__(self, *args, policy, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy, self.action = policy, action

    def is_shown(self, request):
        return self.policy.user_has_permission(request.user, self.action)


class CoordinationViewSet(ViewSet):
    """A group of admin views whose menu entry only holders of `permission_required` see."""

    permission_policy = None
    permission_required = None
    add_to_admin_menu = True

    def get_menu_item(self, order=None):
        return PermissionMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
            policy=self.permission_policy,
            action=self.permission_required,
        )


# Assigning courses and following what is assigned: Koordination's "add enrolment" permission
# (learning.roles); superusers have it too.
assignment_policy = ModelPermissionPolicy(Enrolment)
ASSIGN = "add"
OVERVIEW_REASON = "Übersicht zugewiesene Schulungen (Koordination)"


class AssignmentStatus(models.TextChoices):
    OPEN = "open", _("offen")
    OVERDUE = "overdue", _("überfällig")
    DONE = "done", _("abgeschlossen")


class AssignmentFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Kurs"),
        empty_label=_("Alle Kurse"),
        queryset=lambda request: CoursePage.objects.filter(
            pk__in=Enrolment.objects.filter(source__in=assignments.OVERVIEW_SOURCES).values("course_id")
        ).order_by("title"),
    )
    org_unit = django_filters.ModelChoiceFilter(
        label=_("Organisationseinheit"),
        empty_label=_("Alle Einheiten"),
        help_text=_("Mit allen Untereinheiten."),
        queryset=OrgUnit.objects.all(),
        method="filter_org_unit",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=AssignmentStatus.choices,
        empty_label=_("Alle"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Enrolment
        fields = []

    def filter_org_unit(self, queryset, name, unit):
        return queryset.filter(user__staff_profile__org_unit_id__in=unit.subtree_ids())


class DayColumn(Column):
    """A date as 01.02.2026, or a dash where there is none."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return "–" if value is None else formats.date_format(value, "d.m.Y")


class StatusColumn(Column):
    def get_value(self, instance):
        if instance.status == AssignmentStatus.DONE:
            completed_on = formats.date_format(instance.completed_on, "d.m.Y")
            return _("abgeschlossen am %(date)s") % {"date": completed_on}
        if instance.status == AssignmentStatus.OVERDUE:
            return format_html("<strong>{}</strong>", AssignmentStatus.OVERDUE.label)
        return AssignmentStatus.OPEN.label


def status_label(code):
    return str(AssignmentStatus(code).label)


class AssignmentReportView(ReportView):
    """Status of assigned and mandatory trainings: status, due date, completion date, validity.

    Every column comes from one annotated query, so a page of 50 rows costs what one row does.
    """

    page_title = _("Zugewiesene Schulungen")
    header_icon = "calendar-check"
    template_name = "learning/admin/assignments.html"
    index_url_name = "learning_assignments:index"
    index_results_url_name = "learning_assignments:results"
    permission_policy = assignment_policy
    permission_required = ASSIGN
    filterset_class = AssignmentFilterSet
    default_ordering = "due_date"
    # Appended to every ordering, so rows keep their place from one page to the next.
    tiebreak = ["course__title", "user__last_name", "user__first_name", "pk"]
    export_headings = {
        "person_name": _("Name"),
        "org_unit_name": _("Organisationseinheit"),
        "course_title": _("Kurs"),
        "due_date": _("Fällig bis"),
        "status": _("Status"),
        "completed_on": _("Abgeschlossen am"),
        "valid_until": _("Gültig bis"),
    }
    list_export = list(export_headings)
    custom_field_preprocess = {"status": {"csv": status_label, "xlsx": status_label}}
    columns = [
        Column("person_name", label=export_headings["person_name"], sort_key="user__last_name"),
        Column(
            "org_unit_name",
            accessor=lambda enrolment: enrolment.org_unit_name or "–",
            label=export_headings["org_unit_name"],
            sort_key="org_unit_name",
        ),
        Column("course_title", label=export_headings["course_title"], sort_key="course__title"),
        DayColumn("due_date", label=export_headings["due_date"], sort_key="due_date"),
        StatusColumn("status", label=export_headings["status"]),
        DayColumn("valid_until", label=export_headings["valid_until"], sort_key="valid_until"),
    ]

    def get_filename(self):
        return f"zugewiesene-schulungen-{timezone.localdate().isoformat()}"

    def get_base_queryset(self):
        newest_certificate = Certificate.objects.filter(enrolment=OuterRef("pk")).order_by("-completed_at")
        full_name = NullIf(Trim(Concat("user__first_name", Value(" "), "user__last_name")), Value(""))
        return Enrolment.objects.filter(source__in=assignments.OVERVIEW_SOURCES).annotate(
            person_name=Coalesce(full_name, "user__username"),
            org_unit_name=F("user__staff_profile__org_unit__name"),
            course_title=F("course__title"),
            completed_on=TruncDate("completed_at"),
            valid_until=Subquery(newest_certificate.values("valid_until")[:1]),
            status=Case(
                When(completed_at__isnull=False, then=Value(AssignmentStatus.DONE)),
                When(due_date__lt=timezone.localdate(), then=Value(AssignmentStatus.OVERDUE)),
                default=Value(AssignmentStatus.OPEN),
            ),
        )

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering, *self.tiebreak)

    def decorate_paginated_queryset(self, object_list):
        # Runs for the page shown and for an export (all filtered rows): log exactly what was read.
        rows = list(object_list)
        action = AccessLogEntry.Action.EXPORT if self.is_export else AccessLogEntry.Action.VIEW_PROGRESS
        privacy.log_reads(
            self.request.user, action, dict.fromkeys({row.user_id for row in rows}, OVERVIEW_REASON)
        )
        return rows

    @cached_property
    def no_results_message(self):
        if self.is_filtering:
            return _("Keine Schulung passt zu Ihrer Auswahl.")
        return _("Noch keine Schulung zugewiesen.")

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(_("Kurs zuweisen"), url=reverse("learning_assignments:assign"), icon_name="plus")
        ]


class AssignView(CoordinationFormView):
    """The form Koordination assigns a course with; assigning itself is learning.assignments.assign."""

    permission_policy = assignment_policy
    permission_required = ASSIGN
    template_name = "learning/admin/assign.html"
    extra_context = {
        "title": _("Kurs zuweisen"),
        "icon": "calendar-check",
        "intro": _(
            "Weisen Sie einen Kurs mit Fälligkeitsdatum zu. "
            "Wer den Kurs schon begonnen hat, bekommt nur das neue Datum."
        ),
    }
    form_class = AssignmentForm

    def form_valid(self, form):
        course = form.cleaned_data["course"]
        created, updated = assignments.assign(
            course, form.recipients(), form.cleaned_data["due_date"], self.request.user
        )
        messages.success(
            self.request,
            _(
                "„%(course)s“: %(created)d Beschäftigte neu zugewiesen, %(updated)d mit neuem Fälligkeitsdatum."
            )
            % {"course": course.title, "created": created, "updated": updated},
        )
        return redirect("learning_assignments:index")


class AssignmentViewSet(CoordinationViewSet):
    """Koordination's overview of assigned trainings under /admin/schulungen/, and the form to assign."""

    name = "learning_assignments"
    url_prefix = "schulungen"
    icon = "calendar-check"
    menu_label = _("Schulungen zuweisen")
    menu_order = 250
    permission_policy = assignment_policy
    permission_required = ASSIGN

    def get_urlpatterns(self):
        return [
            path("", AssignmentReportView.as_view(), name="index"),
            path("results/", AssignmentReportView.as_view(results_only=True), name="results"),
            path("zuweisen/", AssignView.as_view(), name="assign"),
        ]


# Revoking certificates: Koordination's "revoke certificate" permission (learning.roles).
certificate_policy = ModelPermissionPolicy(Certificate)
REVOKE = "revoke"


class RevokeCertificateView(CoordinationFormView):
    """Koordination revokes a certificate by its number; revoking is learning.revocation.revoke."""

    permission_policy = certificate_policy
    permission_required = REVOKE
    template_name = "learning/admin/revoke_certificate.html"
    extra_context = {
        "title": _("Zertifikat widerrufen"),
        "icon": "warning",
        "intro": _(
            "Ein widerrufenes Zertifikat zeigt die Prüfseite als ungültig. Geben Sie die Nummer vom "
            "Zertifikat und den Grund an. Der Grund steht im Zugriffsprotokoll."
        ),
    }
    form_class = RevokeCertificateForm

    def form_valid(self, form):
        certificate = form.certificate
        try:
            revocation.revoke(certificate.pk, self.request.user, form.cleaned_data["reason"])
        except revocation.AlreadyRevoked:
            form.add_error(
                "number",
                _("Das Zertifikat %(number)s ist schon widerrufen. Es hat sich nichts geändert.")
                % {"number": certificate.number},
            )
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Das Zertifikat %(number)s ist widerrufen. Die Prüfseite zeigt es als ungültig.")
            % {"number": certificate.number},
        )
        return redirect("learning_certificates:revoke")


class CertificateViewSet(CoordinationViewSet):
    """The form under /admin/zertifikate/widerrufen/ that Koordination revokes certificates with."""

    name = "learning_certificates"
    url_prefix = "zertifikate"
    icon = "warning"
    menu_label = _("Zertifikat widerrufen")
    menu_order = 260
    permission_policy = certificate_policy
    permission_required = REVOKE

    def get_urlpatterns(self):
        return [path("widerrufen/", RevokeCertificateView.as_view(), name="revoke")]


class AccountView(WagtailAccountView):
    """Wagtail's account page without the name panel: the name on certificates is the staff profile's,
    and nobody renames themselves (Wagtail has no setting for this, unlike WAGTAIL_EMAIL_MANAGEMENT_ENABLED)."""

    def get_panels(self):
        return [panel for panel in super().get_panels() if panel.name != "name_email"]
