"""Wagtail admin of the learner record: organisation units, staff profiles, mandatory trainings and
revoking certificates.

The overview of mandatory trainings shows only their state, due date and validity (DESIGN.md, privacy);
every page of it and every export is written to the access log.
"""

import logging
import secrets
import zlib

import django_filters
from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.http import FileResponse, Http404, HttpRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.account import AccountView as WagtailAccountView
from wagtail.admin.views.generic import CreateView, IndexView, PermissionCheckedMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from courses.models import Termin
from courses.spreadsheets import GermanExcelExportMixin

from . import export_jobs, privacy, requirements, retention, revocation, security_log, staff_import, termine
from .forms import ExemptionForm, RequirementForm, RevokeCertificateForm, StaffImportForm
from .models import (
    AccessLogEntry,
    Certificate,
    Exemption,
    ExportJob,
    OrgUnit,
    Registration,
    RequirementCycle,
    RetentionRun,
    StaffProfile,
    TrainingRequirement,
)
from .models.org import display_name
from .models.privacy import format_pseudonym
from .tasks import build_export, sync_requirement

logger = logging.getLogger(__name__)


class OrgUnitIndexView(GermanExcelExportMixin, IndexView):
    def get_base_queryset(self):
        # Parent names and staff counts in the listing query itself, so 50 units cost what 1 does.
        return super().get_base_queryset().select_related("parent").annotate(staff_count=Count("staff"))


class OrgUnitViewSet(ModelViewSet):
    model = OrgUnit
    index_view_class = OrgUnitIndexView
    icon = "group"
    menu_label = _("Organisationseinheiten")
    form_fields = ["name", "short_name", "code", "parent"]
    list_display = [
        "name",
        "short_name",
        "code",
        Column("parent", label=_("Übergeordnete Einheit"), sort_key="parent__name"),
        Column("staff_count", label=_("Beschäftigte"), sort_key="staff_count"),
    ]
    list_filter = ["parent"]
    search_fields = ["name", "short_name", "code"]
    search_backend_name = None
    ordering = ["name"]
    list_export = ["name", "short_name", "code", "parent", "staff_count"]
    export_headings = {"staff_count": _("Beschäftigte")}
    export_filename = "organisationseinheiten"
    copy_view_enabled = False


class StaffProfileIndexView(GermanExcelExportMixin, IndexView):
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
    form_fields = ["user", "display_name", "personnel_number", "org_unit", "entry_date", "bass_cohort"]
    list_display = [
        "full_name",
        Column("username", accessor="user.username", label=_("Benutzername"), sort_key="user__username"),
        Column("org_unit", label=_("Organisationseinheit"), sort_key="org_unit__name"),
        "bass_cohort",
    ]
    list_filter = ["org_unit", "bass_cohort"]
    search_fields = ["person_name", "user__username", "personnel_number"]
    search_backend_name = None
    ordering = ["user__last_name", "user__first_name"]
    list_export = ["full_name", "user.username", "org_unit", "bass_cohort"]
    export_headings = {"user.username": _("Benutzername")}
    export_filename = "beschaeftigte"
    copy_view_enabled = False


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


class StaffImportPermissionPolicy(ModelPermissionPolicy):
    """The import creates and changes profiles and org units: it needs all four of those permissions."""

    def user_has_permission(self, user, action):
        return all(
            user.has_perm(f"learning.{perm}")
            for perm in ("add_staffprofile", "change_staffprofile", "add_orgunit", "change_orgunit")
        )


staff_import_policy = StaffImportPermissionPolicy(StaffProfile)
# The report lists at most this many names per section; the counts above it are always complete.
IMPORT_ITEMS_SHOWN = 200
IMPORT_SALT = "learning.staff_import.preview"
IMPORT_PREVIEW_SECONDS = 3600
IMPORT_PREVIEW_KEY = "staff-import-preview:{}"


def store_preview(uploads, full, user):
    """Keeps the checked files for the confirmation in the shared cache (Redis, else the database's cache
    table) for an hour; returns the signed token the form carries, or None if the cache is unavailable.

    The token, not the files, goes back to the browser: a hidden field with the files would be bigger than
    DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) for a large job centre's staff list, and a second upload of the same
    files would not be what the preview showed."""
    key = secrets.token_urlsafe(24)
    entry = {
        "user": user.pk,
        "full": full,
        "files": [(name, zlib.compress(data, 6)) for name, data in uploads],
    }
    try:
        cache.set(IMPORT_PREVIEW_KEY.format(key), entry, IMPORT_PREVIEW_SECONDS)
    except Exception:  # a cache outage must not become a 500; the upload is refused
        logger.exception("staff import: the preview could not be stored in the cache")
        return None
    return signing.dumps(key, salt=IMPORT_SALT)


def take_preview(token, user):
    """The files of a preview (uploads, full), removed from the cache so that it runs once; None when the
    token is forged, expired, another person's or its entry is gone."""
    try:
        key = signing.loads(token, salt=IMPORT_SALT, max_age=IMPORT_PREVIEW_SECONDS)
        entry = cache.get(IMPORT_PREVIEW_KEY.format(key))
    except signing.BadSignature:
        return None
    except Exception:  # a cache outage: the same answer as an expired preview
        logger.exception("staff import: the preview could not be read from the cache")
        return None
    if not entry or entry["user"] != user.pk:
        return None
    cache.delete(IMPORT_PREVIEW_KEY.format(key))
    return [(name, zlib.decompress(data)) for name, data in entry["files"]], entry["full"]


class StaffImportView(CoordinationFormView):
    """ "Stammdaten importieren": upload, a dry run that shows every change, then the import in one go.

    The checked files wait for the confirmation in the cache under a signed token (store_preview), for an
    hour at most, and are removed when the import runs; the import checks them again, so a change in the
    database since the preview is caught."""

    permission_policy = staff_import_policy
    permission_required = "import"
    form_class = StaffImportForm
    template_name = "learning/admin/staff_import.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Stammdaten importieren"),
            icon="upload",
            max_mb=staff_import.max_bytes() / 1_000_000,
            sections=self.sections(kwargs.get("result")),
            **kwargs,
        )

    @staticmethod
    def sections(result):
        """The report's sections as (heading, the names shown, how many in all, how many not shown): a list of
        75,000 new people would make a page the browser can hardly show."""
        if result is None or not result.ok:
            return []
        return [
            (heading, items[:IMPORT_ITEMS_SHOWN], len(items), max(len(items) - IMPORT_ITEMS_SHOWN, 0))
            for heading, items in result.sections()
        ]

    def post(self, request, *args, **kwargs):
        if "payload" in request.POST:
            return self.confirm(request.POST["payload"])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        uploads, full = form.cleaned_data["uploads"], form.cleaned_data["full"]
        result = staff_import.run(uploads, full=full, dry_run=True, actor=self.request.user)
        payload = None
        if result.ok and result.changes():
            payload = store_preview(uploads, full, self.request.user)
            if payload is None:
                messages.error(
                    self.request,
                    _(
                        "Die Vorschau konnte gerade nicht gespeichert werden. Es wurde nichts geändert. "
                        "Bitte versuchen Sie es in einigen Minuten noch einmal."
                    ),
                )
                return self.render_to_response(self.get_context_data(form=self.form_class()), status=503)
        return self.render_to_response(
            self.get_context_data(form=form, result=result, payload=payload),
            status=200 if result.ok else 400,
        )

    def confirm(self, payload):
        preview = take_preview(payload, self.request.user)
        if preview is None:
            messages.error(
                self.request,
                _("Die Vorschau ist abgelaufen oder ungültig. Bitte laden Sie die Dateien noch einmal hoch."),
            )
            return self.render_to_response(self.get_context_data(form=self.form_class()), status=400)
        uploads, full = preview
        result = staff_import.run(uploads, full=full, actor=self.request.user)
        if not result.ok:
            return self.render_to_response(
                self.get_context_data(form=self.form_class(), result=result), status=400
            )
        for requirement_id in result.requirement_ids:
            sync_requirement.delay_on_commit(requirement_id)
        messages.success(self.request, _("Die Stammdaten sind importiert."))
        return self.render_to_response(self.get_context_data(form=self.form_class(), result=result))

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response


class StaffImportViewSet(CoordinationViewSet):
    """ "Stammdaten importieren" under /admin/organisation/import/."""

    name = "learning_staff_import"
    url_prefix = "organisation/import"
    icon = "upload"
    menu_label = _("Stammdaten importieren")
    permission_policy = staff_import_policy
    permission_required = "import"

    def get_urlpatterns(self):
        return [path("", never_cache(StaffImportView.as_view()), name="index")]


class OrganisationViewSetGroup(ViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "site"
    menu_order = 300
    items = (OrgUnitViewSet, StaffProfileViewSet, StaffImportViewSet)


class DayColumn(Column):
    """A date as 01.02.2026, or a dash where there is none."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return "–" if value is None else formats.date_format(value, "d.m.Y")


# Mandatory trainings: Koordination manages requirements and exemptions and follows the state of each
# (learning.roles); superusers may too. The overview needs "view requirement cycle".
cycle_policy = ModelPermissionPolicy(RequirementCycle)
OVERVIEW = "view"
OVERVIEW_REASON = "Stand der Pflichtschulungen (Koordination)"
State = RequirementCycle.State


class RequirementViewSet(ModelViewSet):
    """Requirements are switched off, never deleted: their cycles are the evidence of past years."""

    model = TrainingRequirement
    icon = "calendar-check"
    menu_label = _("Anforderungen")
    url_prefix = "pflichtschulungen/anforderungen"
    inspect_view_enabled = False
    copy_view_enabled = False
    list_display = [
        "name",
        Column("course", label=_("Kurs"), sort_key="course__title"),
        Column("rhythm", label=_("Rhythmus"), accessor=lambda r: rhythm(r)),
        "active",
    ]
    list_filter = ["active"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("course"),
            MultiFieldPanel(
                [
                    FieldPanel("all_staff"),
                    FieldPanel("groups", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("org_units", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("new_staff_days"),
                ],
                heading=_("Für wen"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("interval_months"),
                    FieldPanel("window"),
                    FieldPanel("due_day"),
                    FieldPanel("due_month"),
                    FieldPanel("first_due_days"),
                    FieldPanel("renewal_days"),
                    FieldPanel("grace_days"),
                ],
                heading=_("Wann"),
            ),
            FieldPanel("legal_basis"),
            FieldPanel("starts_on"),
            FieldPanel("active"),
        ],
        base_form_class=RequirementForm,
    )

    def get_queryset(self, request):
        return TrainingRequirement.objects.select_related("course")


def rhythm(requirement):
    """ "jährlich (Kalenderjahr, Stichtag 31.12.)", "alle 12 Monate", "einmalig"."""
    if not requirement.interval_months:
        return _("einmalig")
    if requirement.window == TrainingRequirement.Window.CALENDAR_YEAR:
        every = _("jährlich") if requirement.years == 1 else _("alle %(n)d Jahre") % {"n": requirement.years}
        return _("%(every)s, Stichtag %(day)02d.%(month)02d.") % {
            "every": every,
            "day": requirement.due_day,
            "month": requirement.due_month,
        }
    return _("alle %(n)d Monate") % {"n": requirement.interval_months}


class ExemptionCreateView(CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        instance = super().save_instance()
        privacy.log_access(
            self.request.user,
            instance.user,
            AccessLogEntry.Action.EXEMPTION,
            f"{instance.requirement}: {instance.reason}"[:200],
        )
        return instance


class ExemptionViewSet(ModelViewSet):
    model = Exemption
    icon = "pick"
    menu_label = _("Befreiungen")
    url_prefix = "pflichtschulungen/befreiungen"
    add_view_class = ExemptionCreateView
    inspect_view_enabled = False
    copy_view_enabled = False
    list_display = [
        Column(
            "user", label=_("Person"), accessor=lambda e: display_name(e.user), sort_key="user__last_name"
        ),
        Column("requirement", label=_("Pflichtschulung"), sort_key="requirement__name"),
        "reason",
        DayColumn("until", label=_("befreit bis"), sort_key="until"),
    ]
    list_filter = ["requirement"]
    search_fields = ["user__last_name", "user__first_name", "user__username"]
    search_backend_name = None
    ordering = ["-until"]
    form_fields = ["requirement", "user", "reason", "until"]
    edit_handler = ObjectList(
        [
            FieldPanel("requirement"),
            FieldPanel("user"),
            FieldPanel("reason"),
            FieldPanel("until", widget=forms.DateInput(attrs={"type": "date"})),
        ],
        base_form_class=ExemptionForm,
    )

    def get_queryset(self, request):
        return Exemption.objects.select_related("user", "requirement")


class RequirementFilterSet(WagtailFilterSet):
    requirement = django_filters.ModelChoiceFilter(
        label=_("Pflichtschulung"),
        empty_label=_("Alle Pflichtschulungen"),
        queryset=TrainingRequirement.objects.all(),
    )
    org_unit = django_filters.ModelChoiceFilter(
        label=_("Organisationseinheit"),
        empty_label=_("Alle Einheiten"),
        help_text=_("Mit allen Untereinheiten."),
        queryset=OrgUnit.objects.all(),
        method="filter_org_unit",
    )
    state = django_filters.ChoiceFilter(
        label=_("Stand"),
        choices=State.choices,
        empty_label=_("Alle"),
        widget=forms.RadioSelect,
        method="filter_state",
    )

    class Meta:
        model = RequirementCycle
        fields = []

    def filter_state(self, queryset, name, value):
        # The conditions that decide the state (current_cycles), not the annotated CASE: PostgreSQL cannot
        # estimate how many rows a CASE matches, guessed 3 of 75,000 and chose a plan that took 30 s.
        return queryset.filter(state_condition(value, timezone.localdate()))

    def filter_org_unit(self, queryset, name, unit):
        # The list and its summary both filter by the unit: read its sub-units once.
        if getattr(self, "_subtree", (None,))[0] != unit.pk:
            self._subtree = (unit.pk, unit.subtree_ids())
        return queryset.filter(user__staff_profile__org_unit_id__in=self._subtree[1])


class StateColumn(Column):
    def get_value(self, instance):
        label = State(instance.state).label
        if instance.state == State.OVERDUE:
            return format_html("<strong>{}</strong>", label)
        return label


def state_label(code):
    return str(State(code).label)


def state_condition(state, today):
    """Q for the cycles of `current_cycles(today)` whose state is `state` (the same rules as its CASE)."""
    done = Q(done_at__isnull=False) & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    due = Q(done_at__isnull=True, overdue_from__gt=today)
    if state == State.EXEMPT:
        return Q(exempt=True)
    rule = {State.DONE: done, State.DUE: due, State.OVERDUE: ~done & ~due}[state]
    return Q(exempt=False) & rule


def current_cycles(today):
    """Each person's current cycle of each requirement, annotated with its state today (one query).

    Current: not ended, and no later cycle of the same person and requirement — which is what
    `superseded_at` records (learning.requirements sets it when it opens the next cycle), so the partial index
    `current_cycle_due` holds exactly these rows and no anti-join over all cycles is needed.
    """
    return RequirementCycle.objects.filter(
        ended_at__isnull=True, superseded_at__isnull=True, requirement__active=True
    ).annotate(
        exempt=requirements.exempt_filter(today),
        state=Case(
            When(exempt=True, then=Value(State.EXEMPT)),
            When(
                Q(done_at__isnull=False) & (Q(valid_until__isnull=True) | Q(valid_until__gte=today)),
                then=Value(State.DONE),
            ),
            When(done_at__isnull=True, overdue_from__gt=today, then=Value(State.DUE)),
            default=Value(State.OVERDUE),
        ),
    )


def compliance(cycles):
    """Per requirement and org unit: how many are done, due, overdue, exempt; small figures suppressed.

    A total is hidden when exactly one figure of its row is, so that it cannot be worked out.
    """
    # A person has one current cycle per requirement, so counting cycles counts people; a plain COUNT lets
    # PostgreSQL aggregate the 75,000 rows of a requirement in a hash instead of sorting them first.
    counts = (
        cycles.order_by()
        .values("requirement__name", "user__staff_profile__org_unit__name", "state")
        .annotate(people=Count("pk"))
    )
    table = {}
    for row in counts:
        key = (row["requirement__name"], row["user__staff_profile__org_unit__name"] or _("ohne Einheit"))
        table.setdefault(key, dict.fromkeys(State.values, 0))[row["state"]] = row["people"]
    rows = []
    for (requirement, unit), by_state in sorted(table.items(), key=lambda item: [str(k) for k in item[0]]):
        total = sum(by_state.values())
        cells = [privacy.suppress_small(by_state[state]) for state in State.values]
        hidden = sum(privacy.is_small(by_state[state]) for state in State.values)
        rows.append(
            {
                "requirement": requirement,
                "unit": unit,
                "cells": cells,
                "total": privacy.SUPPRESSED if privacy.is_small(total) or hidden == 1 else total,
            }
        )
    return rows


class RequirementReportView(GermanExcelExportMixin, ReportView):
    """The state of mandatory trainings: compliance per org unit, and per person name, unit, due date,
    state and validity — never scores, attempts, time or voluntary learning (DESIGN.md, privacy).

    Every column comes from one annotated query, so a page of 50 rows costs what one row does; every
    person on a page or in an export is written to the access log. An export of more than
    LEARNING_EXPORT_ASYNC_ROWS rows is built by a Celery worker (learning.export_jobs) from this same view.
    """

    page_title = _("Stand der Pflichtschulungen")
    header_icon = "calendar-check"
    template_name = "learning/admin/requirement_overview.html"
    results_template_name = "learning/admin/requirement_overview_results.html"
    index_url_name = "learning_requirements:index"
    index_results_url_name = "learning_requirements:results"
    permission_policy = cycle_policy
    permission_required = OVERVIEW
    filterset_class = RequirementFilterSet
    default_ordering = "due_on"
    tiebreak = ["requirement__name", "user__last_name", "user__first_name", "pk"]
    export_headings = {
        "person_name": _("Name"),
        "org_unit_name": _("Organisationseinheit"),
        "requirement_name": _("Pflichtschulung"),
        "due_on": _("Fällig bis"),
        "state": _("Stand"),
        "valid_until": _("Gültig bis"),
    }
    list_export = list(export_headings)
    custom_field_preprocess = {"state": {"csv": state_label, "xlsx": state_label}}
    columns = [
        Column("person_name", label=export_headings["person_name"], sort_key="user__last_name"),
        Column(
            "org_unit_name",
            accessor=lambda cycle: cycle.org_unit_name or "–",
            label=export_headings["org_unit_name"],
            sort_key="org_unit_name",
        ),
        Column("requirement_name", label=export_headings["requirement_name"], sort_key="requirement__name"),
        DayColumn("due_on", label=export_headings["due_on"], sort_key="due_on"),
        StateColumn("state", label=export_headings["state"], sort_key="state"),
        DayColumn("valid_until", label=export_headings["valid_until"], sort_key="valid_until"),
    ]

    def get_filename(self):
        return f"pflichtschulungen-{timezone.localdate().isoformat()}"

    def get_base_queryset(self):
        full_name = NullIf(Trim(Concat("user__first_name", Value(" "), "user__last_name")), Value(""))
        return current_cycles(timezone.localdate()).annotate(
            person_name=Coalesce(full_name, "user__username"),
            org_unit_name=F("user__staff_profile__org_unit__name"),
            requirement_name=F("requirement__name"),
        )

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering, *self.tiebreak)

    def get(self, request, *args, **kwargs):
        if self.is_export:
            rows = self.get_export_queryset().count()
            if export_jobs.runs_in_background(rows):
                job = export_jobs.request_export(
                    request.user, ExportJob.Kind.REQUIREMENTS, request.GET, request.GET["export"]
                )
                build_export.delay_on_commit(job.pk)
                messages.success(
                    request,
                    _(
                        "Ihr Export wird erstellt … Er enthält %(rows)s Zeilen. Sobald er fertig ist, "
                        "können Sie ihn hier herunterladen."
                    )
                    % {"rows": formats.number_format(rows, force_grouping=True)},
                )
                return redirect("learning_exports:index")
        return super().get(request, *args, **kwargs)

    def get_export_queryset(self):
        """All rows the listing shows with the request's filters and ordering (what an export contains)."""
        return self.get_filtered_queryset()

    def log_rows(self, rows, action):
        privacy.log_reads(
            self.request.user, action, dict.fromkeys({row.user_id for row in rows}, OVERVIEW_REASON)
        )

    def decorate_paginated_queryset(self, object_list):
        # Runs for the page shown and for an export (all filtered rows): log exactly what was read.
        rows = list(object_list)
        self.log_rows(
            rows, AccessLogEntry.Action.EXPORT if self.is_export else AccessLogEntry.Action.VIEW_PROGRESS
        )
        return rows

    @classmethod
    def for_background_export(cls, user, params):
        """This view as `user` would see it with the query parameters `params` (a dict of lists), for
        learning.export_jobs; None when `user` may no longer see the overview."""
        request = HttpRequest()
        request.method = "GET"
        request.user = user
        request.GET = QueryDict(mutable=True)
        for key, values in params.items():
            request.GET.setlist(key, values)
        view = cls()
        view.setup(request)
        if not (user.is_active and view.user_has_permission(view.permission_required)):
            return None
        return view

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if self.is_export:
            return context
        # The summary follows the chosen requirement and unit, not the state filter; it reuses the list's
        # validated filters, so choosing them costs no queries twice.
        summary = self.get_base_queryset()
        chosen = {}
        if self.filters.is_valid():
            chosen = self.filters.form.cleaned_data
            for name, value in chosen.items():
                if name != "state":
                    summary = self.filters.filters[name].filter(summary, value)
        context["compliance"] = compliance(summary)
        context["states"] = State.labels
        context["chosen_requirement"] = chosen.get("requirement")
        context["exports_url"] = reverse("learning_exports:index")
        return context

    @cached_property
    def no_results_message(self):
        if self.is_filtering:
            return _("Niemand passt zu Ihrer Auswahl.")
        return _("Noch keine Pflichtschulung mit Teilnehmenden.")


class RequirementOverviewViewSet(CoordinationViewSet):
    """The overview under /admin/pflichtschulungen/stand/."""

    name = "learning_requirements"
    url_prefix = "pflichtschulungen/stand"
    icon = "view"
    menu_label = _("Stand")
    permission_policy = cycle_policy
    permission_required = OVERVIEW

    def get_urlpatterns(self):
        return [
            path("", RequirementReportView.as_view(), name="index"),
            path("results/", RequirementReportView.as_view(results_only=True), name="results"),
        ]


class ExportJobIndexView(PermissionCheckedMixin, TemplateView):
    """ "Meine Exporte": the background exports the signed-in person asked for, with their downloads."""

    permission_policy = cycle_policy
    permission_required = OVERVIEW
    template_name = "learning/admin/export_jobs.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Meine Exporte"),
            jobs=export_jobs.jobs_of(self.request.user),
            keep_days=settings.LEARNING_EXPORT_KEEP_DAYS,
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response


@never_cache
def export_job_download(request, pk):
    """The file of a finished export, to the person who asked for it only (anyone else: 404)."""
    if not cycle_policy.user_has_permission(request.user, OVERVIEW):
        raise Http404
    job = get_object_or_404(
        export_jobs.jobs_of(request.user), pk=pk, state=ExportJob.State.READY, file__gt=""
    )
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=export_jobs.download_name(job),
        content_type=export_jobs.CONTENT_TYPES[job.format],
    )
    response["Cache-Control"] = "no-store"
    return response


class ExportJobViewSet(CoordinationViewSet):
    """ "Meine Exporte" under /admin/pflichtschulungen/exporte/."""

    name = "learning_exports"
    url_prefix = "pflichtschulungen/exporte"
    icon = "download"
    menu_label = _("Meine Exporte")
    permission_policy = cycle_policy
    permission_required = OVERVIEW

    def get_urlpatterns(self):
        return [
            path("", ExportJobIndexView.as_view(), name="index"),
            path("<int:pk>/", export_job_download, name="download"),
        ]


class RequirementViewSetGroup(ViewSetGroup):
    menu_label = _("Pflichtschulungen")
    menu_icon = "calendar-check"
    menu_order = 250
    items = (RequirementOverviewViewSet, RequirementViewSet, ExemptionViewSet, ExportJobViewSet)


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


# The access log (Datenschutz and superusers, learning.roles): read only, filters, and exports that are
# themselves written to the log. Koordination, Lotsen and Personalrat have no "view access log entry".
access_log_policy = ModelPermissionPolicy(AccessLogEntry)
LogAction = AccessLogEntry.Action


def person_label(user, ref, action=None):
    """A person as the log shows them: name and login, or the pseudonym once the account is gone."""
    if user is not None:
        return f"{display_name(user)} ({user.get_username()})"
    if not ref:
        return "–"
    kennung = format_pseudonym(ref)
    if action in (LogAction.SIGN_IN_FAILED, LogAction.LOCKED_OUT):
        return _("unbekannter Benutzername (Kennung %(ref)s)") % {"ref": kennung}
    return _("gelöschte Person (Kennung %(ref)s)") % {"ref": kennung}


def person_filter(prefix, value):
    """Q for a person by login, first or last name (every word must match), or by their Kennung."""
    words = value.split()
    by_name = Q()
    for word in words:
        by_name &= (
            Q(**{f"{prefix}__username__icontains": word})
            | Q(**{f"{prefix}__first_name__icontains": word})
            | Q(**{f"{prefix}__last_name__icontains": word})
        )
    return by_name | Q(**{f"{prefix}_ref": value.replace("-", "").strip().lower()})


class AccessLogFilterSet(WagtailFilterSet):
    subject = django_filters.CharFilter(
        label=_("Person (wessen Daten)"),
        help_text=_("Name, Benutzername oder Kennung."),
        method="filter_subject",
    )
    viewer = django_filters.CharFilter(
        label=_("Wer"), help_text=_("Name, Benutzername oder Kennung."), method="filter_viewer"
    )
    action = django_filters.ChoiceFilter(label=_("Was"), choices=LogAction.choices, empty_label=_("Alles"))
    created_at = django_filters.DateFromToRangeFilter(label=_("Zeitraum"))

    class Meta:
        model = AccessLogEntry
        fields = []

    def filter_subject(self, queryset, name, value):
        return queryset.filter(person_filter("subject", value)) if value.strip() else queryset

    def filter_viewer(self, queryset, name, value):
        return queryset.filter(person_filter("viewer", value)) if value.strip() else queryset


def describe_filters(filterset):
    """ "Person: anna; Was: Anmeldung" for the log entry of an export (no filter: "alle Einträge")."""
    if filterset is None or not filterset.is_valid():
        return _("alle Einträge")
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if name == "created_at" and value:
            start = formats.date_format(value.start, "d.m.Y") if value.start else "…"
            stop = formats.date_format(value.stop, "d.m.Y") if value.stop else "…"
            parts.append(f"{filterset.filters[name].label}: {start}–{stop}")
        elif name == "action" and value:
            parts.append(f"{filterset.filters[name].label}: {LogAction(value).label}")
        elif value:
            parts.append(f"{filterset.filters[name].label}: {value}")
    return "; ".join(str(part) for part in parts) or _("alle Einträge")


class AccessLogReportView(GermanExcelExportMixin, ReportView):
    """Every entry of the access log, newest first: reads of learning data, consent changes, security events.

    One query per page whatever its length (both people come with the entry); an export is written to the
    log as an entry of its own, with the filter and the number of entries.
    """

    page_title = _("Zugriffsprotokoll")
    header_icon = "history"
    index_url_name = "learning_access_log:index"
    index_results_url_name = "learning_access_log:results"
    permission_policy = access_log_policy
    permission_required = "view"
    filterset_class = AccessLogFilterSet
    export_headings = {
        "when": _("Wann"),
        "viewer_label": _("Wer"),
        "action_label": _("Was"),
        "subject_label": _("Wessen Daten"),
        "reason": _("Warum"),
    }
    list_export = list(export_headings)
    columns = [Column(field, label=label) for field, label in export_headings.items()]

    def dispatch(self, request, *args, **kwargs):
        # Wagtail answers a refusal here with a redirect, which the security middleware never sees.
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied as refusal:
            security_log.log_refused(request, refusal)
            raise

    def get_filename(self):
        return f"zugriffsprotokoll-{timezone.localdate().isoformat()}"

    def get_queryset(self):
        return AccessLogEntry.objects.select_related("viewer", "subject").order_by("-created_at", "-pk")

    def decorate_paginated_queryset(self, object_list):
        entries = list(object_list)
        for entry in entries:
            entry.when = formats.date_format(timezone.localtime(entry.created_at), "d.m.Y H:i")
            entry.viewer_label = person_label(entry.viewer, entry.viewer_ref)
            entry.subject_label = person_label(entry.subject, entry.subject_ref, entry.action)
            entry.action_label = LogAction(entry.action).label
        if self.is_export:
            reason = _("%(format)s, %(count)d Einträge; %(filters)s") % {
                "format": self.request.GET.get("export", "").upper(),
                "count": len(entries),
                "filters": describe_filters(self.filters),
            }
            privacy.log_security_event(self.request.user, LogAction.LOG_EXPORTED, reason)
        return entries

    @cached_property
    def no_results_message(self):
        if self.is_filtering:
            return _("Kein Eintrag passt zu Ihrer Auswahl.")
        return _("Das Zugriffsprotokoll ist noch leer.")


class AccessLogViewSet(CoordinationViewSet):
    """The access log under /admin/zugriffsprotokoll/; its menu entry only for holders of the permission."""

    name = "learning_access_log"
    url_prefix = "zugriffsprotokoll"
    icon = "history"
    menu_label = _("Zugriffsprotokoll")
    menu_order = 270
    permission_policy = access_log_policy
    permission_required = "view"

    def get_urlpatterns(self):
        return [
            path("", AccessLogReportView.as_view(), name="index"),
            path("results/", AccessLogReportView.as_view(results_only=True), name="results"),
        ]


# Retention runs ("Löschläufe", learning.retention): when each nightly run went and how many rows per
# category it deleted; no names, no ids. Read only, for Datenschutz and superusers.
retention_run_policy = ModelPermissionPolicy(RetentionRun)


class RetentionRunReportView(ReportView):
    """Every real run of the retention purges, newest first, with its counts per category and what failed."""

    page_title = _("Löschläufe")
    header_icon = "bin"
    index_url_name = "learning_retention_runs:index"
    index_results_url_name = "learning_retention_runs:results"
    permission_policy = retention_run_policy
    permission_required = "view"
    columns = [
        Column("started", label=_("Beginn")),
        Column("finished", label=_("Ende")),
        Column("counts_label", label=_("gelöscht je Kategorie")),
        Column("total", label=_("zusammen")),
        Column("failed_label", label=_("fehlgeschlagen")),
    ]

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied as refusal:
            security_log.log_refused(request, refusal)
            raise

    def get_queryset(self):
        return RetentionRun.objects.order_by("-started_at", "-pk")

    def decorate_paginated_queryset(self, object_list):
        runs = list(object_list)
        labels = {purge.category: str(purge.label) for purge in retention.purges()}
        for run in runs:
            run.started = formats.date_format(timezone.localtime(run.started_at), "d.m.Y H:i:s")
            run.finished = formats.date_format(timezone.localtime(run.finished_at), "d.m.Y H:i:s")
            run.counts_label = "; ".join(
                f"{labels.get(category, category)}: {count}" for category, count in run.counts.items()
            )
            run.total = sum(run.counts.values())
            run.failed_label = ", ".join(labels.get(category, category) for category in run.failed) or "–"
        return runs

    @cached_property
    def no_results_message(self):
        return _("Es hat noch kein Löschlauf stattgefunden.")


class RetentionRunViewSet(CoordinationViewSet):
    """The retention runs under /admin/loeschlaeufe/; its menu entry only for holders of the permission."""

    name = "learning_retention_runs"
    url_prefix = "loeschlaeufe"
    icon = "bin"
    menu_label = _("Löschläufe")
    menu_order = 275
    permission_policy = retention_run_policy
    permission_required = "view"

    def get_urlpatterns(self):
        return [
            path("", RetentionRunReportView.as_view(), name="index"),
            path("results/", RetentionRunReportView.as_view(results_only=True), name="results"),
        ]


# Course dates: Redaktion and Koordination plan them here as on the course page (the same rows). Per date the
# list shows how many are registered, on the waiting list and attended; attendance by name only for mandatory
# trainings, for holders of "view termin attendance", every read logged (DESIGN.md, privacy).
termin_policy = ModelPermissionPolicy(Termin)
ATTENDANCE_REASON = "Anwesenheit bei einer Pflichtschulung (Koordination)"
TerminState = Registration.State


def attended_figure(confirmed, present):
    """The number present, unless it or the number of those not present (1–4) would single people out."""
    absent = confirmed - present
    if privacy.is_small(present) or 0 < absent < privacy.MIN_GROUP:
        return privacy.SUPPRESSED
    return present


def attendance_link(termin):
    url = reverse("termin:attendance", args=[termin.pk])
    return format_html('<a href="{}">{}</a>', url, _("nach Namen (Pflichtschulung)"))


class TerminIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("course")
            .annotate(
                confirmed=Count("registrations", filter=Q(registrations__state=TerminState.CONFIRMED)),
                waiting=Count("registrations", filter=Q(registrations__state=TerminState.WAITING)),
                present=Count(
                    "registrations",
                    filter=Q(
                        registrations__state=TerminState.CONFIRMED,
                        registrations__attendance=Registration.Attendance.PRESENT,
                    ),
                ),
                mandatory=Exists(
                    TrainingRequirement.objects.filter(course_id=OuterRef("course_id"), active=True)
                ),
            )
        )


class TerminAttendanceView(PermissionCheckedMixin, TemplateView):
    """Attendance at a date by name: only for the course of a mandatory training (status, nothing else)."""

    template_name = "learning/admin/termin_attendance.html"
    permission_policy = termin_policy
    permission_required = "attendance"

    def get_context_data(self, **kwargs):
        termin = get_object_or_404(Termin.objects.select_related("course"), pk=self.kwargs["pk"])
        if not termine.is_mandatory(termin.course_id):
            raise PermissionDenied
        registrations = list(termine.participants(termin).filter(state=TerminState.CONFIRMED))
        privacy.log_reads(
            self.request.user,
            AccessLogEntry.Action.VIEW_PROGRESS,
            dict.fromkeys({r.user_id for r in registrations}, ATTENDANCE_REASON),
        )
        return {
            **super().get_context_data(**kwargs),
            "termin": termin,
            "rows": [(display_name(r.user), r.get_attendance_display() or "–") for r in registrations],
            "header_title": _("Anwesenheit"),
        }


class TerminViewSet(ModelViewSet):
    model = Termin
    icon = "date"
    menu_label = _("Termine")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "termine"
    index_view_class = TerminIndexView
    inspect_view_enabled = False
    copy_view_enabled = False
    list_display = [
        Column("course", label=_("Kurs"), accessor=lambda t: t.course.title, sort_key="course__title"),
        Column("starts_at", label=_("Termin"), accessor=lambda t: t.when_label, sort_key="starts_at"),
        Column("place", label=_("Ort"), accessor=lambda t: t.place_label),
        Column("capacity", label=_("Plätze"), sort_key="capacity"),
        Column("confirmed", label=_("Angemeldet")),
        Column("waiting", label=_("Warteliste")),
        Column(
            "present", label=_("Teilgenommen"), accessor=lambda t: attended_figure(t.confirmed, t.present)
        ),
        Column(
            "attendance",
            label=_("Anwesenheit"),
            accessor=lambda t: attendance_link(t) if t.mandatory else "–",
        ),
    ]
    list_filter = ["cancelled"]
    search_fields = ["course__title", "room"]
    search_backend_name = None
    ordering = ["-starts_at"]
    edit_handler = ObjectList([FieldPanel("course"), *Termin.panels])

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/anwesenheit/", TerminAttendanceView.as_view(), name="attendance"),
        ]
