"""Course dates: registration, waiting list and move-up, cancelling, attendance completing the course and its
mandatory cycle, the bad-input cases (German errors or 403, nothing stored), the trainer's list and its
query budget, Koordination's figures and its logged view by name."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from learning import termine
from learning.celery import app as celery_app
from learning.models import AccessLogEntry, Enrolment, Registration, RequirementCycle
from learning.tasks import send_notices
from tests.factories import (
    CoursePageFactory,
    LessonPageFactory,
    OrgUnitFactory,
    TerminFactory,
    TrainingRequirementFactory,
    UserFactory,
    staff,
)

pytestmark = pytest.mark.django_db

State = Registration.State


@pytest.fixture
def eager(monkeypatch):
    # The real tasks run in this process once the change is committed, so their effect is seen here.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def unit(db):
    return OrgUnitFactory(name="Leistungsteam 1")


@pytest.fixture
def trainer(unit):
    return staff(
        unit, username="lars", first_name="Lars", last_name="Lotse", groups=["Digitalisierungslotsen"]
    )


@pytest.fixture
def course(catalog_page):
    return CoursePageFactory(parent=catalog_page, title="Verschlüsselte E-Mail")


@pytest.fixture
def termin(course, trainer):
    return TerminFactory(course=course, capacity=2, trainers=[trainer])


def person(unit, name):
    return staff(unit, username=name, first_name=name.title(), last_name="Muster", groups=["Lernende"])


def post(client, user, url, data=None):
    client.force_login(user)
    return client.post(url, data or {})


def states(termin):
    return dict(termin.registrations.values_list("user__username", "state"))


def test_places_then_waiting_list_in_order(client, termin, unit, eager, django_capture_on_commit_callbacks):
    anna, bassi, carl, dora = (person(unit, n) for n in ("anna", "bassi", "carl", "dora"))
    with django_capture_on_commit_callbacks(execute=True):
        for user in (bassi, carl, anna, dora):
            response = post(client, user, reverse("termin_register", args=[termin.pk]))
            assert response.status_code == 302
    assert states(termin) == {
        "bassi": State.CONFIRMED,
        "carl": State.CONFIRMED,
        "anna": State.WAITING,
        "dora": State.WAITING,
    }
    # Registering enrols: the course shows in "Mein Lernen".
    assert Enrolment.objects.filter(user=anna, course=termin.course).exists()
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count("Anmeldung bestätigt: Verschlüsselte E-Mail am " + termin.when_label) == 2
    waiting_mail = next(m for m in mail.outbox if m.to == [anna.email])
    assert waiting_mail.subject.startswith("Warteliste:")
    assert "auf Platz 1" in waiting_mail.body
    assert not waiting_mail.attachments  # nothing for the calendar while waiting


def test_the_video_link_goes_to_participants_only(course, unit, eager, django_capture_on_commit_callbacks):
    link = "https://video.jobcenter.example/raum-7"
    termin = TerminFactory(course=course, capacity=1, room="", address="", video_url=link)
    anna, bassi = person(unit, "anna"), person(unit, "bassi")
    with django_capture_on_commit_callbacks(execute=True):
        for user in (bassi, anna):
            send_notices(termine.register(user, termin.pk).notices)
    by_person = {tuple(m.to): m for m in mail.outbox}
    assert f"Videokonferenz: {link}" in by_person[(bassi.email,)].body
    waiting = by_person[(anna.email,)].body
    assert link not in waiting and "Ort: Videokonferenz" in waiting


def test_cancelling_moves_up_the_first_in_line_and_tells_them(
    client, termin, unit, eager, django_capture_on_commit_callbacks
):
    anna, bassi, carl, dora = (person(unit, n) for n in ("anna", "bassi", "carl", "dora"))
    with django_capture_on_commit_callbacks(execute=True):
        for user in (bassi, carl, anna, dora):
            termine.register(user, termin.pk)
    mail.outbox.clear()
    registration = Registration.objects.get(user=bassi, termin=termin)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, bassi, reverse("termin_cancel", args=[registration.pk]))
    assert response.status_code == 302
    assert states(termin)["bassi"] == State.CANCELLED
    assert states(termin)["anna"] == State.CONFIRMED  # first on the waiting list
    assert states(termin)["dora"] == State.WAITING
    by_person = {tuple(m.to): m for m in mail.outbox}
    assert by_person[(bassi.email,)].subject.startswith("Abgesagt:")
    assert "method=CANCEL" in by_person[(bassi.email,)].attachments[0][2]
    moved = by_person[(anna.email,)]
    assert moved.subject.startswith("Sie haben einen Platz:")
    assert "nachgerückt" in moved.body
    assert "method=REQUEST" in moved.attachments[0][2]
    assert (dora.email,) not in by_person


def test_a_waiting_spot_can_be_given_up_and_registering_again_reuses_the_row(termin, unit):
    a, b, c = (person(unit, n) for n in ("anna", "bassi", "carl"))
    for user in (a, b, c):
        termine.register(user, termin.pk)
    waiting = Registration.objects.get(user=c)
    termine.cancel(c, waiting.pk)
    assert states(termin)["carl"] == State.CANCELLED
    termine.register(c, termin.pk)
    again = Registration.objects.get(user=c)
    assert again.pk == waiting.pk and again.state == State.WAITING


# Bad input: a clear German message or 403, and nothing stored.


def test_end_before_start_and_capacity_zero_are_refused(course):
    start = timezone.now() + datetime.timedelta(days=3)
    termin = TerminFactory.build(
        course=course, starts_at=start, ends_at=start - datetime.timedelta(hours=1), capacity=0
    )
    with pytest.raises(ValidationError) as error:
        termin.full_clean()
    assert error.value.message_dict["ends_at"] == ["Das Ende muss nach dem Beginn liegen."]
    assert error.value.message_dict["capacity"] == ["Ein Termin braucht mindestens 1 Platz."]


def test_no_place_nor_link_and_a_deadline_after_the_start_are_refused(course):
    start = timezone.now() + datetime.timedelta(days=3)
    termin = TerminFactory.build(
        course=course, starts_at=start, room="", registration_deadline=start + datetime.timedelta(hours=1)
    )
    with pytest.raises(ValidationError) as error:
        termin.full_clean()
    assert "Raum oder einen Link" in error.value.message_dict["room"][0]
    assert "vor dem Beginn" in error.value.message_dict["registration_deadline"][0]


def test_registering_after_the_deadline_twice_or_for_a_past_date(client, course, unit):
    anna = person(unit, "anna")
    now = timezone.now()
    closed = TerminFactory(course=course, registration_deadline=now - datetime.timedelta(hours=1))
    past = TerminFactory(
        course=course, starts_at=now - datetime.timedelta(days=1), ends_at=now - datetime.timedelta(hours=20)
    )
    response = post(client, anna, reverse("termin_register", args=[closed.pk]))
    assert response.status_code == 302
    assert "Die Anmeldung war bis" in client.get(response.url).content.decode()
    with pytest.raises(termine.TerminError, match="schon begonnen"):
        termine.register(anna, past.pk)
    assert not Registration.objects.exists()
    assert not Enrolment.objects.exists()  # a refused registration enrols nobody

    open_date = TerminFactory(course=course)
    termine.register(anna, open_date.pk)
    with pytest.raises(termine.TerminError, match="schon angemeldet"):
        termine.register(anna, open_date.pk)
    other_date = TerminFactory(course=course, starts_at=open_date.starts_at + datetime.timedelta(days=7),
                               ends_at=open_date.ends_at + datetime.timedelta(days=7))  # fmt: skip
    with pytest.raises(termine.TerminError, match="Melden Sie sich dort zuerst ab"):
        termine.register(anna, other_date.pk)
    assert Registration.objects.count() == 1


def test_cancelling_someone_elses_registration_is_forbidden(client, termin, unit):
    anna, bassi = person(unit, "anna"), person(unit, "bassi")
    termine.register(anna, termin.pk)
    registration = Registration.objects.get(user=anna)
    response = post(client, bassi, reverse("termin_cancel", args=[registration.pk]))
    assert response.status_code == 403
    assert Registration.objects.get(pk=registration.pk).state == State.CONFIRMED


def test_cancelling_after_the_cancellation_deadline_is_refused(client, course, unit):
    anna = person(unit, "anna")
    termin = TerminFactory(course=course)
    termine.register(anna, termin.pk)
    termin.cancellation_deadline = timezone.now() + datetime.timedelta(hours=1)
    termin.save()
    registration = Registration.objects.get(user=anna)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        response = post(client, anna, reverse("termin_cancel", args=[registration.pk]))
        assert "Eine Abmeldung war bis" in client.get(response.url).content.decode()
    assert Registration.objects.get(pk=registration.pk).state == State.CONFIRMED


def test_marking_attendance_as_a_non_trainer_is_forbidden(client, termin, unit):
    anna, bassi = person(unit, "anna"), person(unit, "bassi")
    termine.register(anna, termin.pk)
    registration = Registration.objects.get(user=anna)
    url = reverse("termin_participants", args=[termin.pk])
    with time_machine.travel(termin.starts_at):
        for someone in (anna, bassi):
            client.force_login(someone)
            assert client.get(url).status_code == 403
            assert client.post(url, {f"attendance-{registration.pk}": "present"}).status_code == 403
    assert Registration.objects.get(pk=registration.pk).attendance == ""


def test_attendance_with_a_bad_value_or_someone_without_a_place_changes_nothing(
    client, termin, unit, trainer
):
    a, b, c = (person(unit, n) for n in ("anna", "bassi", "carl"))
    for user in (a, b, c):
        termine.register(user, termin.pk)
    first, _second, waiting = (Registration.objects.get(user=u) for u in (a, b, c))
    url = reverse("termin_participants", args=[termin.pk])
    with time_machine.travel(termin.starts_at):
        client.force_login(trainer)
        response = client.post(
            url, {f"attendance-{first.pk}": "present", f"attendance-{waiting.pk}": "present"}
        )
        assert response.status_code == 400
        assert "keinen Platz" in response.content.decode()
        response = client.post(url, {f"attendance-{first.pk}": "vielleicht"})
        assert response.status_code == 400
        assert "anwesend, abwesend oder entschuldigt" in response.content.decode()
    assert not Registration.objects.exclude(attendance="").exists()


def test_attendance_cannot_be_marked_days_before_the_date(termin, unit, trainer):
    anna = person(unit, "anna")
    termine.register(anna, termin.pk)
    registration = Registration.objects.get(user=anna)
    with pytest.raises(termine.TerminError, match="ab dem Beginn"):
        termine.mark_attendance(trainer, termin.pk, {registration.pk: "present"})


# Attendance completes the course (through learning.completion) and its mandatory cycle.


def test_attendance_completes_the_course_and_its_requirement_cycle(
    client, termin, unit, trainer, eager, django_capture_on_commit_callbacks
):
    requirement = TrainingRequirementFactory(course=termin.course)
    anna, bassi = person(unit, "anna"), person(unit, "bassi")
    with django_capture_on_commit_callbacks(execute=True):
        requirement.save()
        for user in (anna, bassi):
            termine.register(user, termin.pk)
    assert RequirementCycle.objects.get(user=anna).done_at is None
    regs = {r.user_id: r for r in Registration.objects.all()}
    with time_machine.travel(termin.starts_at + datetime.timedelta(minutes=5)):
        client.force_login(trainer)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("termin_participants", args=[termin.pk]),
                {f"attendance-{regs[anna.pk].pk}": "present", f"attendance-{regs[bassi.pk].pk}": "excused"},
            )
        assert response.status_code == 302
    assert Enrolment.objects.get(user=anna).completed_at is not None
    assert Enrolment.objects.get(user=bassi).completed_at is None
    assert RequirementCycle.objects.get(user=anna).done_at is not None
    assert RequirementCycle.objects.get(user=bassi).done_at is None
    assert anna.certificates.count() == 1


def test_a_course_with_dates_and_lessons_needs_both(
    termin, unit, trainer, eager, django_capture_on_commit_callbacks
):
    from learning import completion

    lesson = LessonPageFactory(parent=termin.course)
    anna = person(unit, "anna")
    termine.register(anna, termin.pk)
    registration = Registration.objects.get(user=anna)
    with time_machine.travel(termin.starts_at), django_capture_on_commit_callbacks(execute=True):
        termine.mark_attendance(trainer, termin.pk, {registration.pk: "present"})
        assert completion.update_course_completion(anna.pk, termin.course.pk) is None
    completion.complete_lesson(anna, lesson, completion.Evidence.MARKED_READ)
    assert completion.update_course_completion(anna.pk, termin.course.pk).completed_at is not None


def test_attendance_of_an_earlier_round_does_not_complete_a_reopened_course(termin, unit, trainer):
    from learning import completion

    anna = person(unit, "anna")
    termine.register(anna, termin.pk)
    registration = Registration.objects.get(user=anna)
    with time_machine.travel(termin.starts_at):
        termine.mark_attendance(trainer, termin.pk, {registration.pk: "present"})
    enrolment = completion.update_course_completion(anna.pk, termin.course.pk)
    with time_machine.travel(termin.ends_at + datetime.timedelta(days=300)):
        completion.reopen(enrolment)
        assert completion.update_course_completion(anna.pk, termin.course.pk) is None


# The trainer's list: participants see each other nowhere; the trainer's read is logged; a fixed query budget.


def test_participants_do_not_see_each_other_on_the_course_page(client, termin, unit):
    anna, bassi = person(unit, "anna"), person(unit, "bassi")
    termine.register(anna, termin.pk)
    termine.register(bassi, termin.pk)
    client.force_login(anna)
    page = client.get(termin.course.url).content.decode()
    assert "Sie sind angemeldet" in page
    assert "Lars Lotse" in page  # the trainer
    assert "Bassi" not in page


@pytest.mark.parametrize("count", [1, 100])
def test_query_budget_of_the_participant_list(
    client, course, trainer, unit, count, django_assert_max_num_queries
):
    termin = TerminFactory(course=course, capacity=count, trainers=[trainer])
    people = [staff(unit) for _ in range(count)]
    for user in people:
        termine.register(user, termin.pk)
    client.force_login(trainer)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("termin_participants", args=[termin.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="kern-fieldset lh-attendance"') == count
    assert (
        AccessLogEntry.objects.filter(viewer=trainer, action=AccessLogEntry.Action.VIEW_PROGRESS).count()
        == count
    )


def test_the_attendance_list_pdf_is_for_trainers(client, termin, unit, trainer):
    from io import BytesIO

    from pypdf import PdfReader

    anna = person(unit, "anna")
    termine.register(anna, termin.pk)
    client.force_login(anna)
    url = reverse("termin_attendance_list", args=[termin.pk])
    assert client.get(url).status_code == 403
    client.force_login(trainer)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert "Anwesenheitsliste" in text and "Anna Muster" in text and "Unterschrift" in text


# Koordination: figures per date; names only for mandatory trainings, logged.


@pytest.fixture
def coordinator(db):
    user = UserFactory(username="kai", groups=["Koordination"])
    return user


def test_koordination_sees_figures_with_small_groups_suppressed(client, termin, unit, coordinator, trainer):
    termin.capacity = 10
    termin.save()
    people = [staff(unit) for _ in range(7)]
    for user in people:
        termine.register(user, termin.pk)
    client.force_login(coordinator)
    response = client.get("/admin/termine/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Verschlüsselte E-Mail" in html
    assert ">7<" in html.replace(" ", "").replace("\n", "")  # registered
    assert "weniger als 5" in html  # nobody attended yet: 0 present is a small group
    regs = list(Registration.objects.filter(termin=termin))
    with time_machine.travel(termin.starts_at):
        termine.mark_attendance(trainer, termin.pk, {r.pk: "present" for r in regs[:6]})
    html = client.get("/admin/termine/").content.decode()
    assert "weniger als 5" in html  # 6 present, but 1 not: that one would stand out
    reads = AccessLogEntry.objects.filter(viewer=coordinator, action=AccessLogEntry.Action.VIEW_PROGRESS)
    assert not reads.exists()  # figures are no read of a person


def test_koordination_sees_names_only_for_mandatory_trainings_and_it_is_logged(
    client, termin, unit, coordinator
):
    anna = person(unit, "anna")
    termine.register(anna, termin.pk)
    client.force_login(coordinator)
    url = f"/admin/termine/{termin.pk}/anwesenheit/"
    reads = AccessLogEntry.objects.filter(viewer=coordinator, action=AccessLogEntry.Action.VIEW_PROGRESS)
    assert client.get(url).status_code in (302, 403)
    assert not reads.exists()
    TrainingRequirementFactory(course=termin.course)
    assert url in client.get("/admin/termine/").content.decode()  # linked from the list
    response = client.get(url)
    assert response.status_code == 200
    assert "Anna Muster" in response.content.decode()
    entry = reads.get()
    assert entry.subject == anna and entry.reason.startswith("Anwesenheit bei einer Pflichtschulung")
