"""Admin views for the coordination: Lotse profiles, the pool of help requests, and the reports."""

from functools import partial

from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from courses.spreadsheets import GermanExcelExportMixin

from . import permissions, reports, services
from .models import HelpRequest, Lotse
from .tasks import notify_lotse_after_commit


class LotseIndexView(GermanExcelExportMixin, generic.IndexView):
    def get_base_queryset(self):
        return Lotse.objects.select_related("user").prefetch_related("org_units", "competences", "tags")


class LotseProfileForm(WagtailAdminModelForm):
    """Who a profile belongs to is fixed at creation, and nobody makes themselves a Lotse."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "user" in self.fields:
            # A disabled field ignores whatever is posted; clean() still says so when somebody tries.
            self.fields["user"].disabled = True
            self.fields["user"].help_text = _("Wem ein Profil gehört, lässt sich nicht ändern.")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            posted = self.data.get(self.add_prefix("user"), "")
            if posted not in ("", str(self.instance.user_id)):
                self.add_error(
                    None,
                    _(
                        "Die Person eines Lotsenprofils lässt sich nicht ändern. Legen Sie für die andere Person ein eigenes Profil an."
                    ),
                )
        elif self.for_user is not None and cleaned.get("user") == self.for_user:
            self.add_error(
                "user",
                _(
                    "Sie können sich nicht selbst als Lotsin oder Lotse eintragen. Bitte bitten Sie eine andere Person aus der Koordination."
                ),
            )
        return cleaned


class LotseCreateView(generic.CreateView):
    def save_instance(self):
        instance = super().save_instance()
        services.log_profile_change(self.request.user, instance, {})
        return instance


class LotseEditView(generic.EditView):
    def save_instance(self):
        before = services.profile_snapshot(Lotse.objects.get(pk=self.object.pk))
        instance = super().save_instance()
        instance = Lotse.objects.get(pk=instance.pk)
        services.log_profile_change(self.request.user, instance, before)
        return instance


class LotseViewSet(ModelViewSet):
    model = Lotse
    icon = "group"
    menu_label = _("Lotsinnen und Lotsen")
    menu_order = 310
    add_to_admin_menu = True
    list_display = [
        "__str__",
        Column("units", label=_("Organisationseinheiten")),
        "monthly_quota_hours",
        "active",
    ]
    list_filter = ["active", "org_units", "competences"]
    list_export = [
        "__str__",
        "user.email",
        "units",
        "topics",
        "monthly_quota_hours",
        "office_hours",
        "active",
    ]
    export_headings = {
        "__str__": _("Name"),
        "user.email": _("E-Mail"),
        "units": _("Organisationseinheiten"),
        "topics": _("Themen"),
    }
    export_filename = "lotsen"
    search_fields = ["user__first_name", "user__last_name", "user__username", "office_hours"]
    ordering = ["user__last_name", "user__first_name"]
    form_fields = [
        "user",
        "active",
        "org_units",
        "competences",
        "tags",
        "monthly_quota_hours",
        "office_hours",
    ]
    copy_view_enabled = False
    # The listing and export read user, org units and topics of every row: load them with the rows.
    index_view_class = LotseIndexView
    add_view_class = LotseCreateView
    edit_view_class = LotseEditView
    edit_handler = ObjectList(
        [FieldPanel(name) for name in form_fields],
        base_form_class=LotseProfileForm,
    )


class PoolForm(WagtailAdminModelForm):
    class Meta:
        model = HelpRequest
        fields = ["lotse"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lotse"].queryset = Lotse.objects.filter(permissions.active_lotsen()).select_related(
            "user"
        )
        self.fields["lotse"].required = True
        self.fields["lotse"].error_messages["required"] = _("Bitte wählen Sie eine Lotsin oder einen Lotsen.")


def pool_queryset():
    return HelpRequest.objects.filter(status=HelpRequest.Status.POOL).select_related(
        "competence", "requester__staff_profile__org_unit"
    )


class PoolIndexView(GermanExcelExportMixin, generic.IndexView):
    def get_base_queryset(self):
        return pool_queryset()


class PoolEditView(generic.EditView):
    def get_queryset(self):
        return pool_queryset()

    def save_instance(self):
        # Assigning goes through the service; the Lotse is told after commit.
        help_request = services.assign_from_pool(self.object, self.form.cleaned_data["lotse"])
        notify_lotse_after_commit(help_request)
        return help_request


class HelpRequestPoolViewSet(ModelViewSet):
    """Requests no Lotse could take: the coordination assigns them by hand. Only the pool is listed."""

    model = HelpRequest
    icon = "help"
    menu_label = _("Anfragen im Pool")
    menu_order = 311
    add_to_admin_menu = True
    name = "lotsen_pool"
    list_display = [
        "__str__",
        Column("topic_label", label=_("Thema")),
        Column("requester_unit", label=_("Organisationseinheit")),
        "preferred_format",
        "created_at",
    ]
    list_filter = ["preferred_format"]
    list_export = ["__str__", "topic_label", "requester_unit", "preferred_format", "created_at"]
    export_headings = {
        "__str__": _("Anfrage"),
        "topic_label": _("Thema"),
        "requester_unit": _("Organisationseinheit"),
    }
    export_filename = "lotsen-pool"
    ordering = ["created_at"]
    form_fields = ["lotse"]
    index_view_class = PoolIndexView
    edit_view_class = PoolEditView
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return PoolForm


# Reports
class LotsenReportView(GermanExcelExportMixin, ReportView):
    """Aggregates only; the coordination needs the explicit "report" permission on Lotse.

    Screen, CSV and XLSX show the same rows and the same display values (lotsen.reports decides them).
    """

    header_icon = "table"
    results_template_name = "lotsen/admin/report_results.html"
    permission_required = "report"
    paginate_by = None
    filename_prefix = ""

    @cached_property
    def permission_policy(self):
        return ModelPermissionPolicy(Lotse)

    def get_filename(self):
        return f"{self.filename_prefix}-{timezone.localdate().isoformat()}"

    def get_queryset(self):
        return self.rows()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["chart"] = self.chart(context["object_list"])
        return context


class CoverageReportView(LotsenReportView):
    page_title = _("Lotsen: Abdeckung")
    index_url_name = "lotsen_reports:coverage"
    index_results_url_name = "lotsen_reports:coverage_results"
    filename_prefix = "lotsen-abdeckung"
    list_export = ["unit.name", "parent_name", "covered", "lotsen_names", "staff_display"]
    export_headings = {
        "unit.name": _("Organisationseinheit"),
        "parent_name": _("gehört zu"),
        "covered": _("Lotsin oder Lotse zuständig"),
        "lotsen_names": _("zuständig"),
        "staff_display": _("Beschäftigte"),
    }
    columns = [Column(field, label=label) for field, label in export_headings.items()]

    def rows(self):
        return reports.coverage()

    def chart(self, rows):
        covered = sum(1 for row in rows if row.lotsen)
        return {
            "caption": _("Organisationseinheiten mit zuständiger Lotsin oder zuständigem Lotsen"),
            "bars": [
                {
                    "label": _("abgedeckt"),
                    "percent": round(100 * covered / len(rows)) if rows else 0,
                    "text": _("%(covered)s von %(total)s") % {"covered": covered, "total": len(rows)},
                }
            ],
        }


class ActivityReportView(LotsenReportView):
    page_title = _("Lotsen: Anfragen und Termine")
    index_url_name = "lotsen_reports:activity"
    index_results_url_name = "lotsen_reports:activity_results"
    filename_prefix = "lotsen-anfragen-termine"
    list_export = ["month_label", "kind", "topic", "format", "people_display", "count_display"]
    export_headings = {
        "month_label": _("Monat"),
        "kind": _("Art"),
        "topic": _("Thema"),
        "format": _("Gesprächsform"),
        "people_display": _("Personen"),
        "count_display": _("Anzahl"),
    }
    columns = [Column(field, label=label) for field, label in export_headings.items()]

    def rows(self):
        return reports.activity()

    def chart(self, rows):
        # The bars add up the published month totals only, so they show nothing the table does not.
        per_month = {}
        for row in rows:
            if row.is_total:
                entry = per_month.setdefault(row.month_label, 0)
                per_month[row.month_label] = None if entry is None or row.count is None else entry + row.count
        return {
            "caption": _("Anfragen und Termine pro Monat"),
            "bars": reports.bars(list(per_month.items()), lambda m: m[0], lambda m: m[1]),
        }


class QuotaReportView(LotsenReportView):
    page_title = _("Lotsen: Zeitkontingent")
    index_url_name = "lotsen_reports:quota"
    index_results_url_name = "lotsen_reports:quota_results"
    filename_prefix = "lotsen-zeitkontingent"
    list_export = [
        "month_label",
        "lotsen_display",
        "quota_hours_display",
        "used_hours_display",
        "percent_display",
    ]
    export_headings = {
        "month_label": _("Monat"),
        "lotsen_display": _("aktive Lotsinnen und Lotsen"),
        "quota_hours_display": _("Kontingent (Stunden)"),
        "used_hours_display": _("genutzt (Stunden)"),
        "percent_display": _("genutzt (Prozent)"),
    }
    columns = [Column(field, label=label) for field, label in export_headings.items()]

    def rows(self):
        return reports.quota_use()

    def chart(self, rows):
        return {
            "caption": _("Genutzter Anteil des Kontingents pro Monat (Prozent)"),
            "bars": reports.bars(rows, lambda r: r.month_label, lambda r: r.percent, scale=100),
        }


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.may_see_reports(request.user)


class LotsenReportViewSet(ViewSet):
    """The reports under /admin/reports/lotsen/, each with its entry in Wagtail's reports menu."""

    name = "lotsen_reports"
    url_prefix = "reports/lotsen"
    # (URL slug, URL name, view, menu icon); the menu label is the view's page title.
    reports = [
        ("abdeckung", "coverage", CoverageReportView, "site"),
        ("anfragen-termine", "activity", ActivityReportView, "table"),
        ("zeitkontingent", "quota", QuotaReportView, "time"),
    ]
    menu_order = 1300

    def get_urlpatterns(self):
        urls = []
        for slug, name, view, _icon in self.reports:
            urls += [
                path(f"{slug}/", view.as_view(), name=name),
                path(f"{slug}/results/", view.as_view(results_only=True), name=f"{name}_results"),
            ]
        return urls

    def report_menu_item(self, name, view, icon, order):
        url = reverse(self.get_url_name(name))
        return ReportMenuItem(view.page_title, url, name=f"lotsen-{name}", icon_name=icon, order=order)

    def on_register(self):
        for index, (_slug, name, view, icon) in enumerate(self.reports):
            item = partial(self.report_menu_item, name, view, icon, self.menu_order + 10 * index)
            hooks.register("register_reports_menu_item", item)
