"""Admin registration of the Lotsen app: viewsets and the coordination's reports."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import permissions
from .viewsets import (
    ActivityReportView,
    CoverageReportView,
    HelpRequestPoolViewSet,
    LotseViewSet,
    QuotaReportView,
)

REPORTS = [
    ("abdeckung", "coverage", CoverageReportView, _("Lotsen: Abdeckung"), "site"),
    ("anfragen-termine", "activity", ActivityReportView, _("Lotsen: Anfragen und Termine"), "table"),
    ("zeitkontingent", "quota", QuotaReportView, _("Lotsen: Zeitkontingent"), "time"),
]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [LotseViewSet("lotse_profiles"), HelpRequestPoolViewSet("lotsen_pool")]


@hooks.register("register_admin_urls")
def register_report_urls():
    urls = []
    for slug, name, view, _label, _icon in REPORTS:
        urls += [
            path(f"{slug}/", view.as_view(), name=name),
            path(f"{slug}/results/", view.as_view(results_only=True), name=f"{name}_results"),
        ]
    return [path("reports/lotsen/", include((urls, "lotsen_reports")))]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.may_see_reports(request.user)


def _menu_item(name, label, icon, order):
    return ReportMenuItem(
        label, reverse(f"lotsen_reports:{name}"), name=f"lotsen-{name}", icon_name=icon, order=order
    )


@hooks.register("register_reports_menu_item")
def register_coverage_menu_item():
    return _menu_item("coverage", REPORTS[0][3], REPORTS[0][4], 1300)


@hooks.register("register_reports_menu_item")
def register_activity_menu_item():
    return _menu_item("activity", REPORTS[1][3], REPORTS[1][4], 1310)


@hooks.register("register_reports_menu_item")
def register_quota_menu_item():
    return _menu_item("quota", REPORTS[2][3], REPORTS[2][4], 1320)
