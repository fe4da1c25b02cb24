"""The admin of mandatory trainings as Koordination uses it: requirement and exemption forms, the overview
with its suppressed summary, its access log, its exports (direct and through a real worker)."""

import csv
import datetime
import io
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from learning import export_jobs, requirements, roles
from learning.models import (
    AccessLogEntry,
    Exemption,
    ExportJob,
    QuizAttempt,
    RequirementCycle,
    StaffProfile,
    TrainingRequirement,
)
from tests.factories import (
    CoursePageFactory,
    LessonPageFactory,
    OrgUnitFactory,
    TrainingRequirementFactory,
    UserFactory,
    staff,
)

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("learning_requirements:index")
EXPORTS = reverse("learning_exports:index")
HEADINGS = ["Name", "Organisationseinheit", "Pflichtschulung", "Fällig bis", "Stand", "Gültig bis"]
SUPPRESSED = "weniger als 5"


@pytest.fixture
def coordinator(db):
    return UserFactory(username="kai", first_name="Kai", last_name="Wagner", groups=[roles.COORDINATION])


@pytest.fixture
def course(catalog_page):
    course = CoursePageFactory(parent=catalog_page, title="Datenschutz und Sozialgeheimnis")
    LessonPageFactory(parent=course, title="Datenschutz – Lektion 1")
    return course


def content(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def csv_rows(response):
    text = content(response)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def people(unit, count, prefix):
    return [
        staff(unit, username=f"{prefix}{n}", first_name=prefix.capitalize(), last_name=f"Person {n:03d}")
        for n in range(count)
    ]


def logged(viewer, action):
    return sorted(
        AccessLogEntry.objects.filter(viewer=viewer, action=action).values_list("subject_id", flat=True)
    )


# ---------------------------------------------------------------- the requirement form


def requirement_data(course_page, **changes):
    data = {
        "name": "Jährliche Datenschutzunterweisung",
        "course": course_page.pk,
        "all_staff": "on",
        "new_staff_days": "",
        "interval_months": "12",
        "window": "rolling",
        "due_day": "31",
        "due_month": "12",
        "first_due_days": "30",
        "renewal_days": "30",
        "grace_days": "0",
        "legal_basis": "§ 35 SGB I, §§ 67 ff. SGB X",
        "starts_on": timezone.localdate().isoformat(),
        "active": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_coordination_creates_a_requirement_through_the_admin_form(client, coordinator, course):
    unit = OrgUnitFactory(name="Leistungsteam 1")
    client.force_login(coordinator)
    form = client.get(reverse("trainingrequirement:add"))
    assert form.status_code == 200 and "Für wen" in content(form)

    data = requirement_data(course, all_staff=None, org_units=[unit.pk], window="calendar_year")
    response = client.post(reverse("trainingrequirement:add"), data)
    assert response.status_code == 302
    requirement = TrainingRequirement.objects.get()
    assert requirement.course_id == course.pk and requirement.all_staff is False
    assert list(requirement.org_units.all()) == [unit]
    assert requirement.legal_basis == "§ 35 SGB I, §§ 67 ff. SGB X"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"course": ""}, "Dieses Feld muss ausgefüllt werden."),
        ({"all_staff": None}, "Bitte wählen Sie, für wen die Schulung Pflicht ist"),
        ({"interval_months": "0"}, "Das Intervall muss mindestens einen Monat betragen."),
        ({"grace_days": "-3"}, "Dieser Wert muss größer oder gleich 0 sein."),
        (
            {"window": "calendar_year", "interval_months": "18"},
            "Beim Kalenderjahr wiederholt sich die Schulung in ganzen Jahren",
        ),
        ({"window": "calendar_year", "interval_months": ""}, "Beim Kalenderjahr wiederholt sich"),
        ({"due_day": "31", "due_month": "2"}, "Diesen Tag gibt es im gewählten Monat nicht"),
    ],
    ids=[
        "no-course",
        "no-audience",
        "interval-0",
        "negative-grace",
        "calendar-18",
        "calendar-once",
        "31-feb",
    ],
)
def test_bad_requirement_input_gets_a_german_error_and_saves_nothing(
    client, coordinator, course, changes, message
):
    client.force_login(coordinator)
    response = client.post(reverse("trainingrequirement:add"), requirement_data(course, **changes))
    assert response.status_code in (200, 400)
    assert message in content(response)
    assert not TrainingRequirement.objects.exists()
    assert not RequirementCycle.objects.exists()


# ---------------------------------------------------------------- exemptions


@pytest.fixture
def requirement(course):
    return TrainingRequirementFactory(course=course, legal_basis="§ 35 SGB I")


def exemption_data(requirement, person, **changes):
    data = {
        "requirement": requirement.pk,
        "user": person.pk,
        "reason": "Elternzeit",
        "until": (timezone.localdate() + datetime.timedelta(days=200)).isoformat(),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": ""}, "Bitte geben Sie einen Grund an."),
        ({"reason": "   "}, "Bitte geben Sie einen Grund an."),
        (
            {"until": (datetime.date.today() - datetime.timedelta(days=1)).isoformat()},
            "Das Ende der Befreiung darf nicht in der Vergangenheit liegen.",
        ),
        ({"until": ""}, "Bitte geben Sie an, bis wann die Befreiung gilt."),
    ],
    ids=["no-reason", "blank-reason", "past", "no-end"],
)
def test_bad_exemptions_are_refused(client, coordinator, requirement, changes, message):
    person = staff(OrgUnitFactory(), username="eva")
    client.force_login(coordinator)
    response = client.post(reverse("exemption:add"), exemption_data(requirement, person, **changes))
    assert response.status_code in (200, 400)
    assert message in content(response)
    assert not Exemption.objects.exists()
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXEMPTION).exists()


def test_an_exemption_is_logged_and_the_person_counts_as_exempt(client, coordinator, requirement):
    person = staff(OrgUnitFactory(name="Leistungsteam 1"), username="eva", first_name="Eva", last_name="Ott")
    requirements.sync(requirement)
    client.force_login(coordinator)
    response = client.post(reverse("exemption:add"), exemption_data(requirement, person))
    assert response.status_code == 302
    exemption = Exemption.objects.get()
    assert exemption.created_by == coordinator
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.EXEMPTION)
    assert (entry.viewer, entry.subject) == (coordinator, person)
    assert "Elternzeit" in entry.reason

    overview = client.get(OVERVIEW)
    [row] = overview.context["object_list"]
    assert (row.user_id, row.state) == (person.pk, RequirementCycle.State.EXEMPT)
    assert "befreit" in content(overview)
    exempt_only = client.get(OVERVIEW, {"state": "exempt"})
    assert [r.user_id for r in exempt_only.context["object_list"]] == [person.pk]


# ---------------------------------------------------------------- the overview


@pytest.fixture
def units(requirement):
    """Team Vier with 4 people, Team Fünf with 5, all with an open cycle (due)."""
    area = OrgUnitFactory(name="Bereich Leistung")
    four = OrgUnitFactory(name="Team Vier", parent=area)
    five = OrgUnitFactory(name="Team Fünf", parent=area)
    other = OrgUnitFactory(name="Team Markt")
    result = {
        "area": area,
        "four": four,
        "five": five,
        "other": other,
        "people_four": people(four, 4, "vier"),
        "people_five": people(five, 5, "fuenf"),
        "people_other": people(other, 2, "markt"),
    }
    requirements.sync(requirement)
    return result


def summary(response):
    return {(row["requirement"], str(row["unit"])): row for row in response.context["compliance"]}


def summary_html(response):
    html = content(response)
    return html[
        html.index('id="requirement-summary"') : html.index("</table>", html.index("requirement-summary"))
    ]


def test_the_summary_suppresses_a_unit_of_four_and_shows_a_unit_of_five(
    client, coordinator, units, requirement
):
    client.force_login(coordinator)
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    rows = summary(response)
    four = rows[(requirement.name, "Team Vier")]
    five = rows[(requirement.name, "Team Fünf")]
    assert four["cells"] == [SUPPRESSED] * 4 and four["total"] == SUPPRESSED
    assert five["cells"] == [SUPPRESSED, 5, SUPPRESSED, SUPPRESSED] and five["total"] == 5

    table = summary_html(response)
    assert "<caption>" in table and '<th scope="col">fällig</th>' in table
    assert '<th scope="row">Team Vier</th>' in table and '<th scope="row">Team Fünf</th>' in table
    # Vier: four cells and the total; Fünf: the three empty states; Markt (2 people): cells and total.
    assert table.count(f"<td>{SUPPRESSED}</td>") == 5 + 3 + 5
    assert "<td>4</td>" not in table and "<td>5</td>" in table


def test_a_total_is_hidden_when_exactly_one_cell_is_suppressed(client, coordinator, requirement):
    unit = OrgUnitFactory(name="Team Groß")
    members = people(unit, 16, "gross")
    requirements.sync(requirement)
    cycles = RequirementCycle.objects.filter(requirement=requirement)
    today = timezone.localdate()
    done, overdue, exempt = members[:5], members[5:10], members[10:11]
    cycles.filter(user__in=done).update(
        done_at=timezone.now(), valid_until=today + datetime.timedelta(days=300)
    )
    cycles.filter(user__in=overdue).update(overdue_from=today - datetime.timedelta(days=1))
    Exemption.objects.create(requirement=requirement, user=exempt[0], reason="Elternzeit", until=today)

    client.force_login(coordinator)
    row = summary(client.get(OVERVIEW))[(requirement.name, "Team Groß")]
    assert row["cells"] == [5, 5, 5, SUPPRESSED]
    assert row["total"] == SUPPRESSED  # 16 would give the hidden 1 away


def test_filters_narrow_the_list_and_the_summary_ignores_only_the_state(
    client, coordinator, units, requirement, course
):
    other_course = CoursePageFactory(parent=course.get_parent(), title="Informationssicherheit")
    second = TrainingRequirementFactory(course=other_course, name="IT-Sicherheit")
    requirements.sync(second)
    client.force_login(coordinator)

    by_area = client.get(OVERVIEW, {"org_unit": units["area"].pk, "requirement": requirement.pk})
    listed = {row.user_id for row in by_area.context["object_list"]}
    assert listed == {p.pk for p in units["people_four"] + units["people_five"]}  # sub-units included
    assert {key[1] for key in summary(by_area)} == {"Team Vier", "Team Fünf"}
    assert {key[0] for key in summary(by_area)} == {requirement.name}
    assert "Rechtsgrundlage" in content(by_area) and "§ 35 SGB I" in content(by_area)

    overdue = client.get(OVERVIEW, {"org_unit": units["five"].pk, "state": "overdue"})
    assert list(overdue.context["object_list"]) == []
    # The summary still shows the unit's figures: the state filter is only for the list.
    assert summary(overdue)[(requirement.name, "Team Fünf")]["cells"][1] == 5
    assert "Niemand passt zu Ihrer Auswahl." in content(overdue)

    due = client.get(OVERVIEW, {"org_unit": units["five"].pk, "state": "due"})
    assert len(due.context["object_list"]) == 10  # five people, two requirements

    # Wagtail refreshes only the results when a filter changes: the summary is part of them.
    refreshed = client.get(reverse("learning_requirements:results"), {"org_unit": units["four"].pk})
    assert "requirement-summary" in content(refreshed)
    assert {key[1] for key in summary(refreshed)} == {"Team Vier"}


def test_the_state_filter_lists_exactly_the_people_in_that_state(client, coordinator, requirement):
    """The filter reads the cycles' dates (sargable for PostgreSQL), not the annotated state: both agree."""
    today, now = timezone.localdate(), timezone.now()
    done_for_ever, done_today, expired, due, overdue, exempt = people(OrgUnitFactory(), 6, "stand")
    requirements.sync(requirement)
    day = datetime.timedelta(days=1)

    def set_cycle(person, **fields):
        RequirementCycle.objects.filter(requirement=requirement, user=person).update(**fields)

    set_cycle(done_for_ever, done_at=now, valid_until=None)
    set_cycle(done_today, done_at=now - 300 * day, valid_until=today)
    set_cycle(expired, done_at=now - 400 * day, valid_until=today - day)
    set_cycle(overdue, overdue_from=today)
    set_cycle(exempt, overdue_from=today - day)
    Exemption.objects.create(requirement=requirement, user=exempt, reason="Elternzeit", until=today)
    expected = {
        RequirementCycle.State.DONE: {done_for_ever, done_today},
        RequirementCycle.State.DUE: {due},
        RequirementCycle.State.OVERDUE: {expired, overdue},
        RequirementCycle.State.EXEMPT: {exempt},
    }
    client.force_login(coordinator)
    for state, persons in expected.items():
        listed = client.get(OVERVIEW, {"state": state}).context["object_list"]
        assert {row.user_id for row in listed} == {person.pk for person in persons}, state
        assert {row.state for row in listed} == {state}


def test_each_page_view_and_export_logs_exactly_the_people_shown(client, coordinator, requirement):
    unit = OrgUnitFactory(name="Team Groß")
    members = people(unit, 55, "gross")
    requirements.sync(requirement)
    client.force_login(coordinator)

    first = client.get(OVERVIEW)
    shown = sorted(row.user_id for row in first.context["object_list"])
    assert len(shown) == 50
    assert logged(coordinator, AccessLogEntry.Action.VIEW_PROGRESS) == shown

    second = client.get(OVERVIEW, {"p": 2})
    shown_second = sorted(row.user_id for row in second.context["object_list"])
    assert len(shown_second) == 5
    assert logged(coordinator, AccessLogEntry.Action.VIEW_PROGRESS) == sorted(shown + shown_second)

    assert logged(coordinator, AccessLogEntry.Action.EXPORT) == []
    export = client.get(OVERVIEW, {"export": "csv"})
    assert len(csv_rows(export)) == 56
    assert logged(coordinator, AccessLogEntry.Action.EXPORT) == sorted(p.pk for p in members)
    entry = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).first()
    assert entry.reason == "Stand der Pflichtschulungen (Koordination)"


def test_filtered_exports_log_only_the_filtered_people(client, coordinator, units):
    client.force_login(coordinator)
    client.get(OVERVIEW, {"org_unit": units["four"].pk, "export": "xlsx"})
    assert logged(coordinator, AccessLogEntry.Action.EXPORT) == sorted(p.pk for p in units["people_four"])


@pytest.mark.parametrize("group", [roles.EDITORS, roles.LOTSEN, roles.LEARNERS])
def test_editors_lotsen_and_learners_cannot_see_the_overview(client, units, group):
    user = UserFactory(username="neugierig", groups=[group])
    client.force_login(user)
    for url in (OVERVIEW, OVERVIEW + "?export=csv", EXPORTS, reverse("learning_requirements:results")):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Person 000" not in content(response)
    # Nothing was read: only the sign-in and the refusals are in the log, as security events.
    reads = AccessLogEntry.objects.filter(viewer=user).exclude(action__in=AccessLogEntry.SECURITY_EVENTS)
    assert not reads.exists()


def test_no_score_attempt_or_time_column_ever_appears(client, coordinator, units, requirement, course):
    learner = units["people_five"][0]
    lesson = course.get_children().first().specific
    QuizAttempt.objects.create(
        user=learner, lesson=lesson, check_id="c1", answers={}, score=0.73, passed=True
    )
    client.force_login(coordinator)
    response = client.get(OVERVIEW)
    html = content(response)
    listing = html[html.index("</caption>", html.index("requirement-summary")) :]
    headings = re.findall(r'<th[^>]*scope="col"[^>]*>(.*?)</th>', listing, flags=re.S)
    person_headings = [re.sub(r"<[^>]+>|\s+", " ", h).strip() for h in headings]
    for forbidden in ("Punkte", "Ergebnis", "Versuch", "Zeit", "Minuten", "Score", "Note"):
        assert not any(forbidden in heading for heading in person_headings), forbidden
    # The score in any spelling; not a bare "73", which a random CSRF token or asset hash may contain.
    text = re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"\b0[,.]73\b|\b73\s*(%|Prozent)", text)

    assert csv_rows(client.get(OVERVIEW, {"export": "csv"}))[0] == HEADINGS
    sheet = load_workbook(io.BytesIO(content_bytes(client.get(OVERVIEW, {"export": "xlsx"})))).active
    assert list(next(sheet.iter_rows(values_only=True))) == HEADINGS


def content_bytes(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_exports_are_for_german_excel_and_formula_safe(client, coordinator, requirement):
    unit = OrgUnitFactory(name="+Team")
    staff(unit, username="mallory", first_name='=HYPERLINK("http://evil.example","x")', last_name="")
    requirements.sync(requirement)
    client.force_login(coordinator)

    response = client.get(OVERVIEW, {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert (
        f'filename="pflichtschulungen-{timezone.localdate().isoformat()}.csv"'
        in response["Content-Disposition"]
    )
    rows = csv_rows(response)
    assert rows[0] == HEADINGS
    name, unit_name, requirement_name, due_on, state, valid_until = rows[1]
    assert due_on == (timezone.localdate() + datetime.timedelta(days=30)).isoformat()  # Excel reads ISO dates
    assert name == '\'=HYPERLINK("http://evil.example","x")'
    assert unit_name == "'+Team" and state == "fällig" and valid_until == ""
    assert requirement_name == requirement.name

    response = client.get(OVERVIEW, {"export": "xlsx"})
    assert "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(content_bytes(response))).active
    cells = next(iter(sheet.iter_rows(min_row=2, values_only=True)))
    assert cells[0] == '\'=HYPERLINK("http://evil.example","x")' and cells[1] == "'+Team"
    assert cells[4] == "fällig"
    sheet_cells = next(iter(sheet.iter_rows(min_row=2)))
    assert sheet_cells[0].data_type == "s"


# ---------------------------------------------------------------- query budgets


def bulk_staff(unit, count):
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"bulk{n}", first_name="Bulk", last_name=f"Person {n:03d}") for n in range(count)
    )
    StaffProfile.objects.bulk_create(StaffProfile(user=user, org_unit=unit) for user in users)
    return users


# Session, user, two permission reads, Wagtail's user profile; the count, the page of rows and one bulk insert
# into the access log; the summary; the admin chrome (locales, page, collection and site permissions); the
# filter choices (requirements, units); a chosen filter adds the requirement, the unit and its sub-units.
# An export skips chrome, summary and filter choices; its access log of 500 people is still one bulk insert,
# which SQLite (at most 999 variables a statement) sends in four batches of seven columns per entry.
OVERVIEW_QUERIES = 18
EXPORT_QUERIES = 11


@pytest.mark.parametrize("count", [1, 500])
def test_overview_and_export_query_budget(
    client, coordinator, requirement, django_assert_max_num_queries, count
):
    unit = OrgUnitFactory(name="Team Groß")
    bulk_staff(unit, count)
    requirements.sync(requirement)
    client.force_login(coordinator)
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        response = client.get(OVERVIEW)
    assert response.status_code == 200
    assert response.context["paginator"].count == count
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        client.get(OVERVIEW, {"org_unit": unit.pk, "requirement": requirement.pk})
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        due = client.get(OVERVIEW, {"requirement": requirement.pk, "state": RequirementCycle.State.DUE})
    assert due.context["paginator"].count == count
    with django_assert_max_num_queries(EXPORT_QUERIES):
        rows = csv_rows(client.get(OVERVIEW, {"export": "csv"}))
    assert len(rows) == count + 1
    with django_assert_max_num_queries(EXPORT_QUERIES):
        sheet = load_workbook(io.BytesIO(content_bytes(client.get(OVERVIEW, {"export": "xlsx"})))).active
    assert sheet.max_row == count + 1


# ---------------------------------------------------------------- background exports

# The job; the view set up for its requester (user, groups and permissions); the rows; the job locked; the
# access log of all its people in one bulk insert (SQLite: batches of 999 variables, four for 500 people);
# the job saved as done.
BUILD_QUERIES = 13


@pytest.mark.parametrize("count", [1, 500])
def test_a_background_export_builds_in_the_same_queries_for_1_or_500_rows(
    coordinator, requirement, django_assert_max_num_queries, count
):
    bulk_staff(OrgUnitFactory(name="Team Groß"), count)
    requirements.sync(requirement)
    query = QueryDict(mutable=True)
    query["requirement"] = str(requirement.pk)
    job = export_jobs.request_export(coordinator, ExportJob.Kind.REQUIREMENTS, query, ExportJob.Format.CSV)
    with django_assert_max_num_queries(BUILD_QUERIES):
        export_jobs.build(job.pk)
    job.refresh_from_db()
    assert (job.state, job.rows) == (ExportJob.State.READY, count)
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).count() == count


@pytest.mark.parametrize("count", [1, 50])
def test_my_exports_page_keeps_its_query_budget(client, coordinator, django_assert_max_num_queries, count):
    ExportJob.objects.bulk_create(
        ExportJob(
            requested_by=coordinator,
            kind=ExportJob.Kind.REQUIREMENTS,
            format=ExportJob.Format.CSV,
            state=ExportJob.State.READY,
            rows=10,
            file=f"exports/pflichtschulungen-{number}.csv",
        )
        for number in range(count)
    )
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        page = client.get(EXPORTS)
    assert content(page).count("Herunterladen") == count


def test_a_large_export_becomes_a_job_and_the_job_builds_the_same_rows(
    client, coordinator, units, requirement, settings
):
    settings.LEARNING_EXPORT_ASYNC_ROWS = 9
    client.force_login(coordinator)
    direct = csv_rows(
        client.get(OVERVIEW, {"org_unit": units["area"].pk, "ordering": "-due_on", "export": "csv"})
    )
    AccessLogEntry.objects.all().delete()

    settings.LEARNING_EXPORT_ASYNC_ROWS = 8
    response = client.get(OVERVIEW, {"org_unit": units["area"].pk, "ordering": "-due_on", "export": "csv"})
    assert response.status_code == 302 and response["Location"] == EXPORTS
    page = client.get(EXPORTS)
    assert "Ihr Export wird erstellt" in content(page)
    assert "wird erstellt" in content(page) and "Herunterladen" not in content(page)
    assert logged(coordinator, AccessLogEntry.Action.EXPORT) == []  # nothing read yet
    job = ExportJob.objects.get()
    assert job.params == {"org_unit": [str(units["area"].pk)], "ordering": ["-due_on"]}

    export_jobs.build(job.pk)
    job.refresh_from_db()
    assert (job.state, job.rows) == (ExportJob.State.READY, 9)
    download = client.get(reverse("learning_exports:download", args=[job.pk]))
    assert csv_rows(download) == direct
    assert logged(coordinator, AccessLogEntry.Action.EXPORT) == sorted(
        p.pk for p in units["people_four"] + units["people_five"]
    )
    assert export_jobs.build(job.pk) is None  # twice: nothing written twice
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).count() == 9


def test_a_background_xlsx_export_and_a_requester_who_lost_the_role(client, coordinator, units, settings):
    settings.LEARNING_EXPORT_ASYNC_ROWS = 1
    client.force_login(coordinator)
    client.get(OVERVIEW, {"export": "xlsx"})
    client.get(OVERVIEW, {"export": "csv"})
    xlsx_job, csv_job = ExportJob.objects.order_by("pk")
    export_jobs.build(xlsx_job.pk)
    download = client.get(reverse("learning_exports:download", args=[xlsx_job.pk]))
    assert download["Content-Type"] == export_jobs.CONTENT_TYPES["xlsx"]
    sheet = load_workbook(io.BytesIO(content_bytes(download))).active
    assert len(list(sheet.iter_rows())) == 1 + 11

    coordinator.groups.remove(Group.objects.get(name=roles.COORDINATION))
    export_jobs.build(csv_job.pk)
    csv_job.refresh_from_db()
    assert csv_job.state == ExportJob.State.FAILED and not csv_job.file
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).count() == 11  # the xlsx only


def test_a_background_export_whose_chosen_unit_is_gone_lists_nobody(client, coordinator, units, settings):
    settings.LEARNING_EXPORT_ASYNC_ROWS = 1
    client.force_login(coordinator)
    client.get(OVERVIEW, {"org_unit": units["four"].pk, "export": "csv"})
    units["four"].delete()
    job = export_jobs.build(ExportJob.objects.get().pk)
    assert job.state == ExportJob.State.FAILED and "Auswahl gibt es nicht mehr" in job.error
    assert not job.file and not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).exists()


def test_old_exports_are_deleted_with_their_files(
    coordinator, units, settings, django_capture_on_commit_callbacks
):
    job = ExportJob.objects.create(requested_by=coordinator, kind="requirements", format="csv")
    export_jobs.build(job.pk)
    job.refresh_from_db()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    later = timezone.now() + datetime.timedelta(days=settings.LEARNING_EXPORT_KEEP_DAYS, minutes=1)
    assert list(export_jobs.jobs_of(coordinator, now=later)) == []
    assert export_jobs.purge(now=timezone.now()) == 0
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the deletion is committed
        assert export_jobs.purge(now=later) == 1
    assert not storage.exists(name) and not ExportJob.objects.exists()


def wait_for(job, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state != ExportJob.State.PENDING:
            return job
        time.sleep(0.2)
    pytest.fail("The worker did not build the export in time")


def test_a_real_worker_builds_the_large_export_and_only_its_owner_downloads_it(
    client, celery_worker, catalog_page, settings
):
    # The worker is another process: the threshold is decided here, in the view; the task takes the job id.
    settings.LEARNING_EXPORT_ASYNC_ROWS = 5
    course = CoursePageFactory(parent=catalog_page, title="Datenschutz und Sozialgeheimnis")
    requirement = TrainingRequirementFactory(course=course)
    members = people(OrgUnitFactory(name="Team Groß"), 12, "gross")
    requirements.sync(requirement)
    kai = UserFactory(username="kai", groups=[roles.COORDINATION])
    ute = UserFactory(username="ute", groups=[roles.COORDINATION])

    client.force_login(kai)
    response = client.get(OVERVIEW, {"export": "csv"}, follow=True)
    assert "Ihr Export wird erstellt" in content(response)
    job = wait_for(ExportJob.objects.get(requested_by=kai))
    assert (job.state, job.rows) == (ExportJob.State.READY, 12)

    listing = client.get(EXPORTS)
    assert "no-store" in listing["Cache-Control"]
    url = reverse("learning_exports:download", args=[job.pk])
    assert url in content(listing)
    download = client.get(url)
    assert download.status_code == 200
    assert "no-store" in download["Cache-Control"]
    assert download["Content-Disposition"].startswith("attachment")
    rows = csv_rows(download)
    assert rows[0] == HEADINGS
    assert sorted(row[0] for row in rows[1:]) == sorted(f"Gross Person {n:03d}" for n in range(12))
    assert logged(kai, AccessLogEntry.Action.EXPORT) == sorted(p.pk for p in members)

    client.force_login(ute)
    assert client.get(url).status_code == 404
    assert url not in content(client.get(EXPORTS))
    client.logout()
    assert client.get(url).status_code == 302
