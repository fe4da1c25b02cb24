"""docs/datenschutz/ cannot fall behind the code, and Datenschutz (only) reads the retention runs."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from learning import datenschutz_docs, retention, roles
from learning.models import AccessLogEntry, RetentionRun
from tests.factories import UserFactory

DOCS = Path(settings.BASE_DIR) / "docs" / "datenschutz"
RUNS = reverse("learning_retention_runs:index")

# Every report and export in the code base, by the export's file name (or the view's class name where it
# has none), as berichte-und-exporte.md must name it. Add a line here with each new report or export; the
# test below then fails until the document describes it.
REPORTS_AND_EXPORTS = [
    "pflichtschulungen",  # learning.viewsets.RequirementReportView
    "zugriffsprotokoll",  # learning.viewsets.AccessLogReportView
    "organisationseinheiten",  # learning.viewsets.OrgUnitViewSet
    "beschaeftigte",  # learning.viewsets.StaffProfileViewSet
    "RetentionRunReportView",  # learning.viewsets, no export
    "lotsen-abdeckung",  # lotsen.viewsets.CoverageReportView
    "lotsen-anfragen-termine",  # lotsen.viewsets.ActivityReportView
    "lotsen-zeitkontingent",  # lotsen.viewsets.QuotaReportView
    "lotsen.csv",  # lotsen.viewsets.LotseViewSet
    "lotsen-pool",  # lotsen.viewsets.HelpRequestPoolViewSet
    "kompetenzen",  # courses.viewsets.CompetenceViewSet
    "rueckmeldungen-barrierefreiheit",  # courses.viewsets.AccessibilityFeedbackViewSet
    "daten.json",  # learning.views.my_data_download (Art. 15)
]


def read(name):
    return (DOCS / name).read_text(encoding="utf-8")


def test_the_roles_matrix_is_current():
    call_command("roles_matrix", "--check")
    assert read("rollen-und-rechte.md") == datenschutz_docs.matrix_markdown()


def test_the_deletion_concept_is_current():
    call_command("deletion_concept", "--check")


def test_check_fails_on_a_stale_document(tmp_path, monkeypatch):
    stale = tmp_path / "rollen-und-rechte.md"
    stale.write_text("veraltet\n", encoding="utf-8")
    monkeypatch.setitem(datenschutz_docs.DOCUMENTS, "roles_matrix", (stale, datenschutz_docs.matrix_markdown))
    with pytest.raises(CommandError, match="nicht aktuell"):
        call_command("roles_matrix", "--check")
    call_command("roles_matrix")
    call_command("roles_matrix", "--check")


def test_the_matrix_names_every_role_and_every_grant_in_german():
    text = datenschutz_docs.matrix_markdown()
    for name, grants in roles.ROLES.items():
        assert f"## Rolle „{name}“" in text
        for permission in grants["permissions"] + grants["collection"]:
            area, action = datenschutz_docs.permission_label(*permission)
            assert area in text and action in text
    assert "Löschläufe | – | – | – | – | – | ansehen | – |" in text
    # No Django codenames or English default names leak into the document.
    assert not re.search(r"\b(view|add|change|delete)_[a-z]+\b|Can (add|change|view)", text)


def test_the_deletion_concept_names_every_purge_with_its_default_and_variable():
    text = read("loeschkonzept.md")
    for purge in retention.purges():
        assert str(purge.label) in text and f"`{purge.category}`" in text
    for category, (unit, _number) in settings.RETENTION_DEFAULTS.items():
        assert f"LERNHAFEN_RETENTION_{category.upper()}_{unit.upper()}" in text


def test_every_access_log_action_is_described():
    text = read("protokollierung.md")
    for action in AccessLogEntry.Action:
        assert f"`{action.value}`" in text, action.value
        assert str(action.label) in text, action.label


def test_every_report_and_export_is_described():
    text = read("berichte-und-exporte.md")
    missing = [name for name in REPORTS_AND_EXPORTS if name not in text]
    assert not missing


def test_the_list_of_reports_knows_every_export_in_the_code():
    # Every export file name declared in the admin code must be in the list above (and so in the document).
    source = "".join(
        path.read_text(encoding="utf-8")
        for app in ("learning", "lotsen", "courses")
        for path in (Path(settings.BASE_DIR) / app).rglob("viewsets.py")
    )
    declared = set(re.findall(r'export_filename = "([^"]+)"', source))
    declared |= set(re.findall(r'filename_prefix = "([^"]+)"', source)) - {""}
    declared |= set(re.findall(r'return f"([a-z-]+)-\{timezone', source))
    known = {name.removesuffix(".csv") for name in REPORTS_AND_EXPORTS}
    assert declared and declared <= known, declared - known
    report_views = set(re.findall(r"class (\w+)\([^)]*ReportView\)", source)) - {"LotsenReportView"}
    assert report_views, "no ReportView found"
    text = read("berichte-und-exporte.md")
    assert all(view in text for view in report_views), report_views - {v for v in report_views if v in text}


def test_the_folder_index_links_every_document():
    index = read("README.md")
    for path in DOCS.glob("*.md"):
        if path.name != "README.md":
            assert f"({path.name})" in index, path.name


# The retention runs screen ("Löschläufe").


@pytest.mark.django_db
def test_datenschutz_reads_the_retention_runs_with_german_labels(client):
    RetentionRun.objects.create(
        started_at=dt.datetime(2026, 11, 30, 1, 30, tzinfo=dt.UTC),
        finished_at=dt.datetime(2026, 11, 30, 1, 31, tzinfo=dt.UTC),
        counts={"quiz_attempts": 12, "help_requests": 3},
        failed=["access_log"],
    )
    client.force_login(UserFactory(groups=[roles.DATA_PROTECTION]))
    # The menu is rendered as JSON (umlauts escaped): look for its address.
    assert "/admin/loeschlaeufe/" in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(RUNS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "30.11.2026 02:30:00" in html and "30.11.2026 02:31:00" in html
    assert "Versuche im Wissenscheck: 12" in html and "abgeschlossene Hilfeanfragen: 3" in html
    assert "Einträge im Zugriffsprotokoll" in html
    assert "/edit/" not in html and "/delete/" not in html and "/add/" not in html


@pytest.mark.django_db
def test_the_screen_says_when_nothing_ran_yet(client):
    client.force_login(UserFactory(groups=[roles.DATA_PROTECTION]))
    assert "Es hat noch kein Löschlauf stattgefunden." in client.get(RUNS).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("groups", [[roles.COORDINATION], [roles.STAFF_COUNCIL], [roles.LOTSEN], []])
def test_others_do_not_see_the_retention_runs(client, groups):
    RetentionRun.objects.create(
        started_at=dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
        finished_at=dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
        counts={"quiz_attempts": 12},
    )
    client.force_login(UserFactory(groups=groups))
    assert client.get(RUNS).status_code in (302, 403)
    assert client.get(reverse("learning_retention_runs:results")).status_code in (302, 403)
    home = client.get(reverse("wagtailadmin_home"))
    assert "/admin/loeschlaeufe/" not in home.content.decode()


@pytest.mark.django_db
def test_a_real_run_shows_up_on_the_screen(client):
    retention.apply()
    client.force_login(UserFactory(groups=[roles.DATA_PROTECTION]))
    html = client.get(RUNS).content.decode()
    assert "Versuche im Wissenscheck: 0" in html


@pytest.mark.django_db
def test_the_screen_costs_the_same_at_one_and_fifty_runs(client, django_assert_max_num_queries):
    client.force_login(UserFactory(groups=[roles.DATA_PROTECTION]))
    when = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    RetentionRun.objects.create(started_at=when, finished_at=when, counts={"quiz_attempts": 1})
    with django_assert_max_num_queries(12) as one:
        client.get(RUNS)
    RetentionRun.objects.bulk_create(
        [RetentionRun(started_at=when, finished_at=when, counts={"quiz_attempts": n}) for n in range(49)]
    )
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(RUNS)
