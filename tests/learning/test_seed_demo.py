"""seed_demo creates the demo site and accounts, twice without duplicates, and never in production."""

from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Page

from courses.models import HomePage, PortalPage
from learning import requirements
from learning.models import (
    Certificate,
    Enrolment,
    Exemption,
    OrgUnit,
    RequirementCycle,
    StaffProfile,
    TrainingRequirement,
)

pytestmark = pytest.mark.django_db


def counts():
    return (
        Page.objects.count(),
        get_user_model().objects.count(),
        OrgUnit.objects.count(),
        StaffProfile.objects.count(),
    )


def test_seed_twice_gives_the_same_numbers(client):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    # Other languages show the German home page through aliases (wagtail-localize copies parents that way).
    assert HomePage.objects.filter(alias_of=None).count() == 1 and PortalPage.objects.count() == 1
    names = set(OrgUnit.objects.filter(parent=None).values_list("name", flat=True))
    assert {"Eingangszone", "Leistungsgewährung", "Markt und Integration", "Verwaltung"} <= names


def test_demo_logins_work(client):
    call_command("seed_demo")
    for username in ["anna", "bassi", "lars", "rita", "kai", "admin"]:
        assert client.login(username=username, password="lernhafen-demo"), username
        client.logout()
    assert client.get("/").status_code == 200


def test_demo_roles(client):
    call_command("seed_demo")
    User = get_user_model()
    assert User.objects.get(username="rita").has_perm("wagtailadmin.access_admin")
    assert not User.objects.get(username="anna").has_perm("wagtailadmin.access_admin")
    assert User.objects.get(username="lars").groups.filter(name="Digitalisierungslotsen").exists()
    assert User.objects.get(username="bassi").staff_profile.bass_cohort == 2025


def test_seed_refuses_without_demo_permission(settings):
    settings.LERNHAFEN_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="gesperrt"):
        call_command("seed_demo")
    assert get_user_model().objects.filter(username="anna").count() == 0


def test_demo_learner_record_fills_mein_lernen(client):
    call_command("seed_demo")
    call_command("seed_demo")
    client.login(username="anna", password="lernhafen-demo")
    html = client.get("/lernen/").content.decode()
    assert "Datenschutz und Sozialgeheimnis im SGB II – jährliche Unterweisung" in html
    assert "fällig bis" in html
    assert "Zertifikat „Informationssicherheit: Phishing erkennen und melden“ herunterladen (PDF)" in html
    # Phishing 60 days ago, and last year's Datenschutz instruction (this year's is due).
    titles = set(Certificate.objects.filter(user__username="anna").values_list("course_title", flat=True))
    assert titles == {
        "Informationssicherheit: Phishing erkennen und melden",
        "Datenschutz und Sozialgeheimnis im SGB II – jährliche Unterweisung",
    }


def requirement_snapshot():
    return (
        list(RequirementCycle.objects.order_by("pk").values()),
        list(Enrolment.objects.order_by("pk").values()),
        list(Certificate.objects.order_by("pk").values("pk", "user", "completed_at", "valid_until")),
        list(Exemption.objects.order_by("pk").values()),
    )


def current_states(requirement, today):
    cycles = (
        RequirementCycle.objects.filter(requirement=requirement, ended_at__isnull=True)
        .annotate(exempt=requirements.exempt_filter(today))
        .order_by("user", "opens_on", "pk")
    )
    latest = {cycle.user_id: cycle for cycle in cycles}
    return {user_id: cycle.state(today, exempt=cycle.exempt) for user_id, cycle in latest.items()}


def test_demo_mandatory_trainings_show_every_state_and_seed_idempotently():
    call_command("seed_demo")
    first = requirement_snapshot()
    call_command("seed_demo")
    assert requirement_snapshot() == first
    assert requirements.sync_all() == 0  # the nightly task finds nothing to do
    today = timezone.localdate()
    datenschutz = TrainingRequirement.objects.get(course__slug="datenschutz-unterweisung")
    phishing = TrainingRequirement.objects.get(course__slug="phishing-erkennen")
    assert datenschutz.window == TrainingRequirement.Window.CALENDAR_YEAR and datenschutz.all_staff
    assert (datenschutz.due_month, datenschutz.due_day) == (12, 31)
    assert datenschutz.legal_basis == "§ 35 SGB I, §§ 67 ff. SGB X"
    assert phishing.window == TrainingRequirement.Window.ROLLING and phishing.interval_months == 12
    State = RequirementCycle.State
    staff = StaffProfile.objects.filter(user__is_active=True).count()
    for requirement in (datenschutz, phishing):
        states = current_states(requirement, today)
        assert set(states.values()) == {State.DONE, State.DUE, State.OVERDUE, State.EXEMPT}, requirement
        assert len(states) == staff  # everybody, the Lotsen demo's staff included
    anna = get_user_model().objects.get(username="anna")
    assert current_states(datenschutz, today)[anna.pk] == State.DUE
    assert Exemption.objects.filter(reason="Elternzeit", until__gt=today).exists()
    # Certificates about to run out: still valid, expiring within 30 days, and the renewal is already open.
    expiring = Certificate.objects.filter(
        course__slug="phishing-erkennen", valid_until__gte=today, valid_until__lte=today + timedelta(days=30)
    )
    assert expiring.count() >= 2
    for certificate in expiring:
        assert current_states(phishing, today)[certificate.user_id] == State.DUE
    # Several teams have five people or more, and some fewer (the overview suppresses those).
    sizes = Counter(
        StaffProfile.objects.filter(org_unit__parent__isnull=False).values_list("org_unit", flat=True)
    )
    assert sum(size >= 5 for size in sizes.values()) >= 4 and min(sizes.values()) < 5
    # The demo colleagues only fill the teams: they cannot sign in.
    assert not get_user_model().objects.get(username="miriam").has_usable_password()


def test_demo_dates_and_the_walk_through_of_the_readme(monkeypatch, django_capture_on_commit_callbacks):
    """anna registers for the full video date, bassi cancels, anna moves up with both invitations; lars marks
    her present and her course is complete."""
    import time_machine
    from django.core import mail

    from courses.models import Termin
    from learning import termine
    from learning.celery import app as celery_app
    from learning.models import Registration
    from learning.tasks import send_notices

    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    # The demo's people were seated, not invited: their dates send them nothing ("Geändert: …" before).
    notices = ("Anmeldung bestätigt:", "Sie haben einen Platz:", "Geändert:", "Abgesagt:", "Warteliste:")
    assert not [m.subject for m in mail.outbox if m.subject.startswith(notices)]
    call_command("seed_demo")  # idempotent: the same dates
    video_dates = Termin.objects.filter(course__slug="videoberatung").order_by("starts_at")
    assert video_dates.count() == 2 and all(t.video_url for t in video_dates)
    first, second = video_dates
    assert termine.confirmed_count(first) == first.capacity
    assert first.registrations.filter(state=Registration.State.WAITING).exists()
    assert Termin.objects.filter(course__slug="verschluesselte-e-mail", room="Raum 1.12").count() == 2
    assert Registration.objects.filter(termin__ends_at__lt=timezone.now()).exclude(attendance="").count() == 4

    User = get_user_model()
    anna, bassi, lars = (User.objects.get(username=name) for name in ("anna", "bassi", "lars"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_notices(termine.register(anna, second.pk).notices)
    assert Registration.objects.get(user=anna, termin=second).state == Registration.State.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        send_notices(termine.cancel(bassi, Registration.objects.get(user=bassi, termin=second).pk).notices)
    registration = Registration.objects.get(user=anna, termin=second)
    assert registration.state == Registration.State.CONFIRMED
    to_anna = [m.subject for m in mail.outbox if m.to == [anna.email]]
    assert to_anna[0].startswith("Warteliste:") and to_anna[1].startswith("Sie haben einen Platz:")
    with time_machine.travel(second.starts_at), django_capture_on_commit_callbacks(execute=True):
        outcome = termine.mark_attendance(lars, second.pk, {registration.pk: "present"})
        from learning.tasks import update_course_completion

        for user_id, course_id in outcome.completion_checks:
            update_course_completion.delay_on_commit(user_id, course_id)
    assert Enrolment.objects.get(user=anna, course=second.course).completed_at is not None
