"""Reminders of mandatory trainings: a cycle walked day by day, the daily digest, idempotence, the Lotse copy
on request only, exemptions, the editors' texts, the real beat task, the query budget, and "Mein Lernen"."""

import datetime
import smtplib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from learning import completion, reminders, requirements
from learning.models import (
    Exemption,
    ReminderDigest,
    ReminderItem,
    ReminderTemplates,
    RequirementCycle,
    StaffProfile,
)
from learning.models.reminders import ITEM_PLACEHOLDERS, PlaceholderValidator, fill_placeholders
from tests.factories import (
    CoachingFactory,
    CoursePageFactory,
    LessonPageFactory,
    LotseFactory,
    OrgUnitFactory,
    TrainingRequirementFactory,
    UserFactory,
    staff,
)

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime.date(2026, 3, 2)


def at(day, hour=6):
    """The clock on `day` at the beat task's hour (Berlin time)."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), tzinfo=BERLIN), tick=False)


def night_and_morning(day):
    """What beat does on `day`: the nightly sync, then the reminders. Returns the mails sent."""
    with at(day):
        requirements.sync_all()
        before = len(mail.outbox)
        reminders.send_reminders()
        return mail.outbox[before:]


def walk(first, last):
    """{day: [mails]} for every day from `first` to `last` on which mail went out."""
    sent, day = {}, first
    while day <= last:
        mails = night_and_morning(day)
        if mails:
            sent[day] = mails
        day += datetime.timedelta(days=1)
    return sent


def days(n):
    return datetime.timedelta(days=n)


def german(day):
    months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober"]
    months += ["November", "Dezember"]
    return f"{day.day}. {months[day.month - 1]} {day.year}"


def recipients(message):
    return sorted(message.to + message.cc + message.bcc)


@pytest.fixture
def course(catalog_page):
    with at(START - days(10)):
        course = CoursePageFactory(parent=catalog_page, title="Datenschutz und Sozialgeheimnis")
        LessonPageFactory(parent=course, title="Was ist das Sozialgeheimnis?")
    return course


@pytest.fixture
def team(db):
    area = OrgUnitFactory(name="Bereich Leistung")
    return OrgUnitFactory(name="Leistungsteam 1", parent=area)


@pytest.fixture
def anna(team):
    with at(START - days(10)):
        return staff(
            team, username="anna", first_name="Anna", last_name="Becker", email="anna@jobcenter.example"
        )


@pytest.fixture
def requirement(course, team):
    with at(START - days(10)):
        return TrainingRequirementFactory(
            course=course, all_staff=False, org_units=[team], first_due_days=30, starts_on=START
        )


def complete(user, course):
    enrolment = completion.enrol(user, course)
    for lesson in course.get_children().specific():
        completion.complete_lesson(user, lesson, completion.Evidence(lesson.completion_rule))
    completion.update_course_completion(user.pk, course.pk)
    return enrolment


def test_a_cycle_walked_day_by_day(course, team, anna, requirement):
    # Nobody else hears of Anna's training: not the head of her area, not Koordination, not a colleague
    # outside the audience.
    head = staff(team.parent, username="chefin", email="chefin@jobcenter.example")
    UserFactory(username="kai", email="kai@jobcenter.example", groups=["Koordination"])
    staff(OrgUnitFactory(name="Markt und Integration"), username="otto", email="otto@jobcenter.example")
    due_on = START + days(30)

    sent = walk(START, due_on + days(12))

    assert list(sent) == [
        due_on - days(14),
        due_on - days(3),
        due_on + days(1),  # overdue from the day after the due date (no grace days)
        due_on + days(8),  # and weekly after that
    ]
    assert all(len(mails) == 1 for mails in sent.values())
    messages = [mails[0] for mails in sent.values()]
    assert all(recipients(message) == ["anna@jobcenter.example"] for message in messages)
    assert head.email not in str([recipients(m) for m in messages])
    first, shortly, overdue, weekly = messages
    link = "http://testserver" + course.url
    assert first.subject == f"Erinnerung: „Datenschutz und Sozialgeheimnis“ ist fällig bis {german(due_on)}"
    assert first.body.startswith("Guten Tag Anna Becker,")
    assert f"ist fällig bis {german(due_on)}" in first.body and link in first.body
    assert "/lernen/erinnerungen/" in first.body
    assert shortly.subject == f"Bald fällig: „Datenschutz und Sozialgeheimnis“ bis {german(due_on)}"
    assert overdue.subject == "Überfällig: „Datenschutz und Sozialgeheimnis“"
    assert (
        f"war fällig bis {german(due_on)} und ist überfällig seit {german(due_on + days(1))}" in overdue.body
    )
    assert weekly.subject == overdue.subject

    # Anna completes the training: the reminders stop.
    with at(due_on + days(13), hour=5):
        complete(anna, course)
    assert walk(due_on + days(13), due_on + days(40)) == {}
    cycle = RequirementCycle.objects.get(user=anna, done_at__isnull=False)
    valid_until = cycle.valid_until
    assert valid_until == datetime.date(2027, 4, 14)  # twelve months after the completion

    # 30 days before her completion runs out she hears so; the renewal then reminds like the first cycle.
    sent = walk(valid_until - days(32), valid_until - days(13))
    assert list(sent) == [valid_until - days(30), valid_until - days(14)]
    expiring, renewal = (mails[0] for mails in sent.values())
    assert expiring.subject == f"„Datenschutz und Sozialgeheimnis“ ist gültig bis {german(valid_until)}"
    assert f"erledigt und gültig bis {german(valid_until)}" in expiring.body
    assert (
        renewal.subject
        == f"Erinnerung: „Datenschutz und Sozialgeheimnis“ ist fällig bis {german(valid_until)}"
    )
    assert all(recipients(m) == ["anna@jobcenter.example"] for m in (expiring, renewal))


def test_two_trainings_due_the_same_day_come_in_one_mail(catalog_page, team, anna, course, requirement):
    with at(START - days(10)):
        second = CoursePageFactory(parent=catalog_page, title="Informationssicherheit: Phishing")
        LessonPageFactory(parent=second)
        TrainingRequirementFactory(course=second, all_staff=True, first_due_days=30, starts_on=START)
    sent = walk(START, START + days(16))
    assert list(sent) == [START + days(16)]
    [digest] = sent[START + days(16)]
    assert digest.subject == "Lernhafen: 2 Erinnerungen zu Ihren Pflichtschulungen"
    assert "„Datenschutz und Sozialgeheimnis“ ist fällig bis" in digest.body
    assert "„Informationssicherheit: Phishing“ ist fällig bis" in digest.body
    assert digest.body.count("Guten Tag Anna Becker,") == 1
    assert ReminderDigest.objects.get(user=anna).items.count() == 2


def test_twice_a_day_sends_nothing_twice_and_a_failed_mail_is_sent_by_the_next_run(
    team, anna, course, requirement, monkeypatch
):
    bert = staff(team, username="bert", email="bert@jobcenter.example")
    day = START + days(16)
    walk(START, day - days(1))
    real_send = EmailBackend.send_messages
    refused = []

    def refuse_bert(self, messages):
        if messages[0].to == ["bert@jobcenter.example"] and not refused:
            refused.append(messages[0])
            raise smtplib.SMTPRecipientsRefused({"bert@jobcenter.example": (450, b"try later")})
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_bert)
    with at(day):
        outcome = reminders.send_reminders()
    assert (outcome.sent, outcome.failed) == (1, 1)
    assert [m.to for m in mail.outbox] == [["anna@jobcenter.example"]]
    assert not ReminderDigest.objects.filter(user=bert).exists()  # the claim went with the failure

    with at(day, hour=7):  # the task's retry half an hour later
        retry = reminders.send_reminders()
    assert (retry.sent, retry.failed) == (1, 0)
    assert [m.to for m in mail.outbox] == [["anna@jobcenter.example"], ["bert@jobcenter.example"]]

    with at(day, hour=18):
        again = reminders.send_reminders()
    assert again.sent == 0
    assert len(mail.outbox) == 2
    assert ReminderDigest.objects.filter(sent_at__isnull=False).count() == 2


def test_a_run_that_died_while_sending_sends_nothing_again(team, anna, course, requirement):
    day = START + days(16)
    walk(START, day - days(1))
    with at(day):
        pending = reminders.due_reminders()
        reminders._claim(pending, day)  # claimed, then the worker was killed before recording the mail
        outcome = reminders.send_reminders()
    assert outcome.sent == 0
    assert mail.outbox == []


def test_the_lotse_gets_a_copy_only_when_the_learner_asks_and_consents(
    client, team, anna, course, requirement
):
    lotse = LotseFactory(
        user=UserFactory(
            username="lars", first_name="Lars", last_name="Lotse", email="lars@jobcenter.example"
        )
    )
    coaching = CoachingFactory(lotse=lotse, colleague=anna)
    other = LotseFactory(user=UserFactory(username="lea", email="lea@jobcenter.example"))
    CoachingFactory(lotse=other, colleague=anna)  # a coaching without consent: never a copy
    day = START + days(16)
    walk(START, day - days(1))

    # Consent to see her progress alone sends no copy: Anna has not asked for one.
    coaching.consent_to = lotse.user
    coaching.consent_given_at = timezone.now()
    coaching.save()
    [message] = night_and_morning(day)
    assert recipients(message) == ["anna@jobcenter.example"]
    assert not ReminderDigest.objects.get(user=anna).copied_to_lotse

    # She asks for a copy on her page; the next reminder goes to Lars in copy, and nobody else.
    client.force_login(anna)
    page = client.get(reverse("reminder_preferences")).content.decode()
    assert "Zurzeit: Lars Lotse." in page and 'name="remind_lotse"' in page
    response = client.post(reverse("reminder_preferences"), {"remind_lotse": "on"})
    assert response.status_code == 302
    assert StaffProfile.objects.get(user=anna).remind_lotse
    [message] = night_and_morning(START + days(27))
    assert message.to == ["anna@jobcenter.example"] and message.cc == ["lars@jobcenter.example"]
    assert "Eine Kopie geht, wie Sie es gewünscht haben, an Ihre Lotsin oder Ihren Lotsen." in message.body

    # Without consent (withdrawn) there is no copy, whatever she chose.
    coaching.consent_given_at = None
    coaching.save()
    [message] = night_and_morning(START + days(31))
    assert recipients(message) == ["anna@jobcenter.example"]

    # And she can switch the copy off again.
    client.post(reverse("reminder_preferences"), {})
    assert not StaffProfile.objects.get(user=anna).remind_lotse


def test_exempt_people_get_no_reminders(team, anna, course, requirement):
    lotse = LotseFactory(user=UserFactory(username="lars", email="lars@jobcenter.example"))
    CoachingFactory(lotse=lotse, colleague=anna, consent_to=lotse.user, consent_given_at=timezone.now())
    StaffProfile.objects.filter(user=anna).update(remind_lotse=True)
    with at(START):
        Exemption.objects.create(
            requirement=requirement, user=anna, reason="Elternzeit", until=START + days(60)
        )
    assert walk(START, START + days(45)) == {}
    assert mail.outbox == []


def test_the_preferences_page_is_personal_and_offers_no_opt_out(client, anna):
    learner = UserFactory(username="nina")
    assert client.get(reverse("reminder_preferences")).status_code == 302  # sign in first
    client.force_login(anna)
    response = client.get(reverse("reminder_preferences"))
    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "können Sie nicht abbestellen" in html
    assert html.count('type="checkbox"') == 1
    assert "Zurzeit begleitet Sie niemand mit Ihrer Einwilligung." in html
    client.force_login(learner)  # no staff profile: nothing to set
    html = client.get(reverse("reminder_preferences")).content.decode()
    assert "kein Beschäftigtenprofil" in html and 'type="checkbox"' not in html
    assert client.post(reverse("reminder_preferences"), {"remind_lotse": "on"}).status_code == 200
    assert not StaffProfile.objects.filter(user=learner).exists()


# The editors' texts


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("Hallo {vorname}", "Unbekannter Platzhalter {vorname}"),
        ("{kurs.__class__}", "Unbekannter Platzhalter {kurs.__class__}"),
        ("{name:>999999}", "Unbekannter Platzhalter {name:>999999}"),
        ("{name!r}", "Unbekannter Platzhalter {name!r}"),
        ("{0}", "Unbekannter Platzhalter {0}"),
        ("Frist {faellig", "geschweifte Klammer ist nicht geschlossen"),
    ],
)
def test_unsafe_or_unknown_placeholders_are_refused(text, error):
    with pytest.raises(ValidationError) as refused:
        PlaceholderValidator(tuple(ITEM_PLACEHOLDERS))(text)
    assert error in str(refused.value)


def test_placeholders_are_filled_without_evaluating_anything():
    text = "{{Hinweis}} {kurs} bis {faellig}"
    PlaceholderValidator(tuple(ITEM_PLACEHOLDERS))(text)
    assert fill_placeholders(text, {"kurs": "Datenschutz", "faellig": "1. April 2026"}) == (
        "{Hinweis} Datenschutz bis 1. April 2026"
    )


def admin_form_data(**changes):
    templates = ReminderTemplates()
    fields = [f.name for f in ReminderTemplates._meta.fields if f.name not in ("id",)]
    return {**{name: getattr(templates, name) for name in fields}, **changes}


def test_the_redaktion_edits_the_texts_and_gets_german_errors(
    client, editor, team, anna, course, requirement
):
    client.force_login(editor)
    response = client.get(
        reverse("wagtailsettings:edit", args=["learning", "remindertemplates"]), follow=True
    )
    assert response.status_code == 200 and "Erinnerungs-E-Mails" in response.content.decode()
    url = response.redirect_chain[-1][0]
    response = client.post(url, admin_form_data(due_soon_subject="Frist für {kurs.title}"))
    assert response.status_code == 200
    assert (
        "Unbekannter Platzhalter {kurs.title}. Erlaubt sind hier: {name}, {kurs}" in response.content.decode()
    )
    assert ReminderTemplates.load().due_soon_subject.startswith("Erinnerung:")

    response = client.post(url, admin_form_data(due_soon_subject="Bitte bis {faellig}: {kurs}"))
    assert response.status_code == 302
    walk(START, START + days(15))
    [message] = night_and_morning(START + days(16))
    assert message.subject == f"Bitte bis {german(START + days(30))}: Datenschutz und Sozialgeheimnis"


def test_only_the_redaktion_may_edit_the_texts(client, anna):
    kai = UserFactory(username="kai", groups=["Koordination"])
    url = reverse("wagtailsettings:edit", args=["learning", "remindertemplates"])
    client.force_login(kai)
    assert client.get(url).status_code in (302, 403)
    client.force_login(anna)
    assert client.get(url).status_code in (302, 403)


# Budget and the real worker


@pytest.mark.parametrize("people", [1, 40])
def test_query_budget_does_not_grow_with_people(
    team, course, requirement, people, django_assert_max_num_queries
):
    with at(START):
        for number in range(people):
            staff(team, username=f"person{number}", email=f"person{number}@jobcenter.example")
        requirements.sync_all()
    with at(START + days(16)), django_assert_max_num_queries(20):  # the same for 1 and 40 people
        outcome = reminders.send_reminders()
    assert outcome.sent == people and len(mail.outbox) == people


def test_beat_runs_the_reminders_through_a_real_worker(celery_worker, catalog_page, team):
    from learning.celery import app
    from learning.tasks import send_reminders

    assert app.conf.beat_schedule["requirement-reminders"]["task"] == "learning.send_reminders"
    course = CoursePageFactory(parent=catalog_page, title="Datenschutz und Sozialgeheimnis")
    LessonPageFactory(parent=course)
    anna = staff(team, username="anna", email="anna@jobcenter.example")
    requirement = TrainingRequirementFactory(course=course, all_staff=True, first_due_days=14)
    requirements.sync(requirement)

    assert send_reminders.apply_async().get(timeout=60) == {"sent": 1, "copies": 0}
    digest = ReminderDigest.objects.get(user=anna)
    assert digest.sent_at is not None and digest.sent_on == timezone.localdate()
    assert list(digest.items.values_list("kind", flat=True)) == [ReminderItem.Kind.DUE_SOON]
    assert send_reminders.apply_async().get(timeout=60) == {"sent": 0, "copies": 0}


# "Mein Lernen" names the states in the same words


def test_my_learning_and_the_course_page_show_each_mandatory_state(
    client, catalog_page, portal_page, team, anna
):
    def course_with_requirement(title, **fields):
        course = CoursePageFactory(parent=catalog_page, title=title)
        LessonPageFactory(parent=course)
        return course, TrainingRequirementFactory(course=course, all_staff=True, starts_on=START, **fields)

    with at(START - days(10)):
        done, _ = course_with_requirement("Datenschutz und Sozialgeheimnis")
        _due, _ = course_with_requirement("Informationssicherheit: Phishing", first_due_days=20)
        late, _ = course_with_requirement("Arbeitsschutz", first_due_days=5)
        _free, exempt_from = course_with_requirement("Brandschutz")
    with at(START):
        requirements.sync_all()
        complete(anna, done)
        requirements.sync_all()
        Exemption.objects.create(
            requirement=exempt_from, user=anna, reason="Elternzeit", until=START + days(90)
        )
    with at(START + days(10)):
        client.force_login(anna)
        html = client.get(portal_page.url).content.decode()
        course_page = client.get(late.url).content.decode()
    section = html[html.index('id="mandatory-heading"') : html.index('id="resume-heading"')]
    assert f"erledigt, gültig bis {german(datetime.date(2027, 3, 2))}" in section
    assert f"fällig bis {german(START + days(20))}" in section
    assert f"überfällig seit {german(START + days(6))}" in section
    assert f"befreit bis {german(START + days(90))}" in section
    assert reverse("reminder_preferences") in section
    status = course_page[course_page.index('id="course-status-heading"') :]
    assert "Pflichtschulung:" in status and f"überfällig seit {german(START + days(6))}" in status
