"""Mandatory trainings: whole cycles with the clock moved, from entering an audience to the nightly sync."""

import datetime
import zoneinfo

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.utils import timezone

from courses.models import LessonPage
from learning import completion, requirements, tasks
from learning.celery import app as celery_app
from learning.models import (
    Certificate,
    Enrolment,
    Exemption,
    LessonProgress,
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

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
State = RequirementCycle.State


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=BERLIN)


def travel(year, month, day):
    return time_machine.travel(at(year, month, day), tick=False)


@pytest.fixture
def course(catalog_page):
    course = CoursePageFactory(parent=catalog_page, title="Datenschutz", certificate_validity_months=12)
    for number in (1, 2):
        LessonPageFactory(parent=course, title=f"Datenschutz – Lektion {number}")
    return course


@pytest.fixture
def unit():
    return OrgUnitFactory(name="Leistungsteam 1")


def complete(user, course):
    """What the learner does (every lesson) and what the worker then does (the course-completion task)."""
    for lesson in LessonPage.objects.child_of(course).specific():
        completion.complete_lesson(user, lesson, completion.Evidence(lesson.completion_rule))
    tasks.update_course_completion(user.pk, course.pk)
    return Enrolment.objects.get(user=user, course=course)


def cycles(requirement, user):
    return list(RequirementCycle.objects.filter(requirement=requirement, user=user).order_by("pk"))


def current(requirement, user):
    return cycles(requirement, user)[-1]


def state(cycle, today=None):
    # The exemption as the overview and "Mein Lernen" read it: requirements.exempt_filter.
    annotated = RequirementCycle.objects.annotate(exempt=requirements.exempt_filter(today)).get(pk=cycle.pk)
    return cycle.state(today=today, exempt=annotated.exempt)


def snapshot():
    return (
        list(RequirementCycle.objects.order_by("pk").values()),
        list(Enrolment.objects.order_by("pk").values()),
        list(LessonProgress.objects.order_by("pk").values()),
    )


# Entering the audience


def test_audience_all_staff_groups_and_org_units_with_their_sub_units(course):
    area = OrgUnitFactory(name="Leistungsgewährung")
    team = OrgUnitFactory(name="Leistungsteam 2", parent=area)
    elsewhere = OrgUnitFactory(name="Eingangszone")
    in_team, in_area, outside = staff(team), staff(area), staff(elsewhere)
    lotsen = Group.objects.get(name="Digitalisierungslotsen")
    lotse = staff(elsewhere)
    lotse.groups.add(lotsen)
    no_profile = UserFactory()
    inactive = staff(team, is_active=False)

    by_unit = TrainingRequirementFactory(course=course, all_staff=False, org_units=[area])
    by_group = TrainingRequirementFactory(course=course, all_staff=False, groups=[lotsen])
    everybody = TrainingRequirementFactory(course=course)
    for requirement in (by_unit, by_group, everybody):
        requirements.sync(requirement)

    def members(requirement):
        return set(RequirementCycle.objects.filter(requirement=requirement).values_list("user", flat=True))

    assert members(by_unit) == {in_team.pk, in_area.pk}  # the unit and the team below it
    assert members(by_group) == {lotse.pk}
    assert members(everybody) == {in_team.pk, in_area.pk, outside.pk, lotse.pk}
    assert no_profile.pk not in members(everybody) and inactive.pk not in members(everybody)
    # Whoever is in an audience has the course in "Mein Lernen", marked as a mandatory training.
    assert set(Enrolment.objects.values_list("user", "source")) == {
        (user.pk, Enrolment.Source.REQUIREMENT) for user in (in_team, in_area, outside, lotse)
    }


def test_new_staff_are_due_the_given_days_after_their_entry_date(course, unit):
    with travel(2027, 2, 10):
        old_hand = staff(unit, entry_date=datetime.date(2020, 5, 1))
        newcomer = staff(unit, entry_date=datetime.date(2027, 2, 1))
        late_record = staff(unit, entry_date=datetime.date(2027, 1, 2))  # profile entered weeks late
        induction = TrainingRequirementFactory(
            course=course,
            all_staff=False,
            new_staff_days=14,
            interval_months=None,
            starts_on=datetime.date(2027, 1, 1),
        )
        requirements.sync(induction)
    assert not cycles(induction, old_hand)
    assert current(induction, newcomer).due_on == datetime.date(2027, 2, 15)
    # 14 days after the entry date have passed already: the first-time period counts from today.
    assert current(induction, late_record).due_on == datetime.date(2027, 3, 12)
    assert current(induction, newcomer).counts_from is None  # a one-off: any completion counts


def test_a_voluntary_enrolment_is_never_rewritten(course, unit):
    learner = staff(unit)
    voluntary = completion.enrol(learner, course)
    requirement = TrainingRequirementFactory(course=course)
    requirements.sync(requirement)
    voluntary.refresh_from_db()
    assert voluntary.source == Enrolment.Source.SELF and voluntary.completed_at is None
    assert state(current(requirement, learner)) == State.DUE
    assert Enrolment.objects.filter(user=learner).count() == 1


# Whole cycles


def test_rolling_cycle_completion_renewal_and_a_second_certificate(course, unit):
    learner = staff(unit)
    with travel(2027, 1, 10):
        requirement = TrainingRequirementFactory(course=course, first_due_days=30, renewal_days=30)
        assert requirements.sync(requirement) == 2  # the cycle and the enrolment
        first = current(requirement, learner)
        assert (first.opens_on, first.due_on, first.counts_from) == (
            datetime.date(2027, 1, 10),
            datetime.date(2027, 2, 9),
            datetime.date(2026, 1, 10),
        )
        assert state(first) == State.DUE

    with travel(2027, 1, 20):
        enrolment = complete(learner, course)
        old_certificate = completion.issue_certificate(enrolment.pk)
    first.refresh_from_db()
    assert first.done_at == at(2027, 1, 20) and first.valid_until == datetime.date(2028, 1, 20)
    assert old_certificate.valid_until == datetime.date(2028, 1, 20)

    with travel(2027, 12, 20):  # 31 days before the completion runs out: nothing yet
        assert requirements.sync_all() == 0
        assert len(cycles(requirement, learner)) == 1 and state(first) == State.DONE

    with travel(2027, 12, 21):  # renewal_days before valid_until
        assert requirements.sync_all() == 2  # the new cycle, the reopened enrolment
        renewal = current(requirement, learner)
        assert (renewal.opens_on, renewal.counts_from, renewal.due_on) == (
            datetime.date(2027, 12, 21),
            datetime.date(2027, 12, 21),
            datetime.date(2028, 1, 20),
        )
        assert state(renewal) == State.DUE
        enrolment.refresh_from_db()
        assert enrolment.completed_at is None and enrolment.source == Enrolment.Source.REQUIREMENT
        assert not LessonProgress.objects.filter(user=learner, completed_at__isnull=False).exists()
        # The old completion and its certificate still count until their date.
        first.refresh_from_db()
        assert state(first) == State.DONE
        old_certificate.refresh_from_db()
        assert old_certificate.valid_until == datetime.date(2028, 1, 20) and not old_certificate.revoked_at

    with travel(2028, 1, 5):
        enrolment = complete(learner, course)
        new_certificate = completion.issue_certificate(enrolment.pk)
        renewal.refresh_from_db()
        assert renewal.done_at == at(2028, 1, 5) and renewal.valid_until == datetime.date(2029, 1, 5)
        assert state(renewal) == State.DONE
        assert new_certificate.pk != old_certificate.pk
        assert new_certificate.valid_until == datetime.date(2029, 1, 5)
        assert Certificate.objects.filter(user=learner).count() == 2
        assert requirements.sync_all() == 0


def test_calendar_year_cycle_renews_on_1_january(course, unit):
    learner = staff(unit)
    with travel(2027, 3, 1):
        requirement = TrainingRequirementFactory(
            course=course, window=TrainingRequirement.Window.CALENDAR_YEAR, due_month=12, due_day=31
        )
        requirements.sync(requirement)
        first = current(requirement, learner)
        assert (first.due_on, first.counts_from) == (datetime.date(2027, 12, 31), datetime.date(2027, 1, 1))
    with travel(2027, 6, 1):
        enrolment = complete(learner, course)
        first.refresh_from_db()
        assert first.valid_until == datetime.date(2028, 12, 31)  # until the next year's due date
    with travel(2027, 12, 31):
        assert requirements.sync_all() == 0
    with travel(2028, 1, 1):
        assert requirements.sync_all() == 2
        renewal = current(requirement, learner)
        assert (renewal.opens_on, renewal.due_on) == (datetime.date(2028, 1, 1), datetime.date(2028, 12, 31))
        enrolment.refresh_from_db()
        assert enrolment.completed_at is None
        first.refresh_from_db()
        assert state(first) == State.DONE and state(renewal) == State.DUE


def test_calendar_year_joining_shortly_before_the_due_date_gets_the_first_time_period(course, unit):
    with travel(2027, 12, 20):
        learner = staff(unit)
        requirement = TrainingRequirementFactory(
            course=course,
            window=TrainingRequirement.Window.CALENDAR_YEAR,
            first_due_days=30,
            starts_on=datetime.date(2027, 1, 1),
        )
        requirements.sync(requirement)
    assert current(requirement, learner).due_on == datetime.date(2028, 1, 19)
    with travel(2027, 10, 1):
        early = staff(unit)
        requirements.sync(requirement, [early.pk])
    assert current(requirement, early).due_on == datetime.date(2027, 12, 31)


def test_a_completion_before_entering_counts_within_the_interval_only(course, unit):
    recent, long_ago = staff(unit), staff(unit)
    with travel(2026, 6, 1):
        complete(recent, course)
    with travel(2025, 12, 1):
        complete(long_ago, course)
    with travel(2027, 3, 1):
        requirement = TrainingRequirementFactory(course=course, renewal_days=30)
        requirements.sync(requirement)
        done = current(requirement, recent)
        assert done.done_at == at(2026, 6, 1) and done.valid_until == datetime.date(2027, 6, 1)
        assert state(done) == State.DONE
        assert Enrolment.objects.get(user=recent).completed_at == at(2026, 6, 1)
        # Fifteen months ago is longer than the interval: due again, the course opens again.
        assert state(current(requirement, long_ago)) == State.DUE
        assert Enrolment.objects.get(user=long_ago).completed_at is None
        assert Certificate.objects.filter(user=long_ago).count() == 0  # none was issued in this test
        assert requirements.sync_all() == 0


def test_a_completion_about_to_run_out_opens_the_renewal_at_once_and_stays_idempotent(course, unit):
    learner = staff(unit)
    with travel(2026, 3, 20):
        complete(learner, course)
    with travel(2027, 3, 1):  # the completion counts until 20 March, the renewal opened on 18 February
        requirement = TrainingRequirementFactory(course=course, renewal_days=30)
        # The first cycle (created, then done), the renewal opened and the enrolment reopened.
        assert requirements.sync(requirement) == 4
        first, renewal = cycles(requirement, learner)
        assert first.valid_until == datetime.date(2027, 3, 20) and state(first) == State.DONE
        assert renewal.done_at is None and renewal.due_on == datetime.date(2027, 3, 20)
        assert renewal.counts_from == datetime.date(2027, 2, 18)
        # The renewal is the newest cycle in every ordering the overview and "Mein Lernen" use.
        assert renewal.opens_on >= first.opens_on
        assert requirements.sync_all() == 0
        assert requirements.sync_all() == 0
        assert len(cycles(requirement, learner)) == 2


def test_grace_days_decide_when_a_cycle_is_overdue(course, unit):
    learner = staff(unit)
    with travel(2027, 3, 1):
        requirement = TrainingRequirementFactory(course=course, first_due_days=10, grace_days=7)
        requirements.sync(requirement)
    cycle = current(requirement, learner)
    assert cycle.due_on == datetime.date(2027, 3, 11)
    assert state(cycle, datetime.date(2027, 3, 11)) == State.DUE
    assert state(cycle, datetime.date(2027, 3, 18)) == State.DUE  # the last day of grace
    assert state(cycle, datetime.date(2027, 3, 19)) == State.OVERDUE
    # Changing the grace days moves "überfällig ab" of the open cycle at the next sync.
    TrainingRequirement.objects.filter(pk=requirement.pk).update(grace_days=0)
    requirement.refresh_from_db()
    with travel(2027, 3, 12):
        assert requirements.sync(requirement) == 1
        cycle.refresh_from_db()
        assert cycle.overdue_from == datetime.date(2027, 3, 12) and state(cycle) == State.OVERDUE


# Leaving and moving


def test_moving_to_another_unit_ends_one_cycle_and_opens_another(course, catalog_page):
    other_course = CoursePageFactory(parent=catalog_page, title="Phishing")
    LessonPageFactory(parent=other_course)
    unit_a, unit_b = OrgUnitFactory(name="Team A"), OrgUnitFactory(name="Team B")
    mover, started = staff(unit_a), staff(unit_a)
    with travel(2027, 3, 1):
        in_a = TrainingRequirementFactory(course=course, all_staff=False, org_units=[unit_a])
        in_b = TrainingRequirementFactory(course=other_course, all_staff=False, org_units=[unit_b])
        requirements.sync_all()
        first_lesson = LessonPage.objects.child_of(course).first().specific
        completion.complete_lesson(started, first_lesson, completion.Evidence(first_lesson.completion_rule))
    with travel(2027, 3, 15):
        for user in (mover, started):
            StaffProfile.objects.filter(user=user).update(org_unit=unit_b)
            requirements.sync_user(user.pk)
        ended = cycles(in_a, mover)
        assert len(ended) == 1 and ended[0].ended_at == at(2027, 3, 15)  # history kept
        assert not Enrolment.objects.filter(user=mover, course=course).exists()  # never started: gone
        assert Enrolment.objects.filter(user=started, course=course).exists()  # started: stays
        assert state(current(in_b, mover)) == State.DUE
        assert Enrolment.objects.get(user=mover, course=other_course).source == Enrolment.Source.REQUIREMENT
        assert requirements.sync_all() == 0
    with travel(2027, 4, 1):  # back to team A: a new first cycle, the ended one stays as it was
        StaffProfile.objects.filter(user=mover).update(org_unit=unit_a)
        requirements.sync_user(mover.pk)
        old, new = cycles(in_a, mover)
        assert old.ended_at == at(2027, 3, 15) and new.opens_on == datetime.date(2027, 4, 1)
        assert current(in_b, mover).ended_at == at(2027, 4, 1)


def test_a_leaver_is_nobodys_current_cycle_and_a_return_counts_the_completion(course, unit):
    learner = staff(unit)
    with travel(2027, 3, 1):
        requirement = TrainingRequirementFactory(course=course)
        requirements.sync(requirement)
        complete(learner, course)
    with travel(2027, 5, 1):
        learner.is_active = False
        learner.save()
        assert requirements.sync_all() == 1
        (cycle,) = cycles(requirement, learner)
        # Ended with its completion kept: not listed as current (and never "überfällig" once it runs out).
        assert cycle.done_at == at(2027, 3, 1) and cycle.valid_until == datetime.date(2028, 3, 1)
        assert cycle.ended_at == at(2027, 5, 1)
        assert not RequirementCycle.objects.filter(user=learner, ended_at__isnull=True).exists()
        assert requirements.sync_all() == 0
    with travel(2027, 9, 1):  # back within the interval: the completion counts for the new first cycle
        learner.is_active = True
        learner.save()
        requirements.sync_user(learner.pk)
        ended, new = cycles(requirement, learner)
        assert ended.ended_at == at(2027, 5, 1)
        assert new.done_at == at(2027, 3, 1) and new.valid_until == datetime.date(2028, 3, 1)
        assert state(new) == State.DONE and new.ended_at is None
        assert requirements.sync_all() == 0


def test_deactivating_a_user_ends_their_open_cycle(course, unit):
    learner = staff(unit)
    with travel(2027, 3, 1):
        requirement = TrainingRequirementFactory(course=course)
        requirements.sync(requirement)
    with travel(2027, 3, 5):
        learner.is_active = False
        learner.save()
        assert requirements.sync_user(learner.pk) == 1
        assert current(requirement, learner).ended_at == at(2027, 3, 5)
        assert not Enrolment.objects.filter(user=learner).exists()


def test_deactivating_a_requirement_ends_open_cycles_and_reactivating_starts_afresh(course, unit):
    done_learner, open_learner = staff(unit), staff(unit)
    with travel(2027, 3, 1):
        requirement = TrainingRequirementFactory(course=course)
        requirements.sync(requirement)
        complete(done_learner, course)
    with travel(2027, 4, 1):
        requirement.active = False
        requirement.save()
        tasks.sync_requirement(requirement.pk)
        assert current(requirement, open_learner).ended_at == at(2027, 4, 1)
        ended = current(requirement, done_learner)
        assert ended.ended_at == at(2027, 4, 1) and ended.done_at == at(2027, 3, 1)  # the completion stays
        assert not Enrolment.objects.filter(user=open_learner).exists()
        assert requirements.sync_all() == 0
    with travel(2027, 5, 1):
        requirement.active = True
        requirement.save()
        tasks.sync_requirement(requirement.pk)
        assert len(cycles(requirement, open_learner)) == 2
        assert state(current(requirement, open_learner)) == State.DUE
        # The completion of March still counts: done again at once, without reopening the course.
        assert state(current(requirement, done_learner)) == State.DONE
        assert Enrolment.objects.get(user=done_learner).completed_at == at(2027, 3, 1)


def test_an_exemption_shows_as_befreit_until_its_end(course, unit):
    learner = staff(unit)
    with travel(2027, 3, 1):
        requirement = TrainingRequirementFactory(course=course, first_due_days=10)
        requirements.sync(requirement)
        Exemption.objects.create(
            requirement=requirement, user=learner, reason="Elternzeit", until=datetime.date(2027, 9, 30)
        )
    cycle = current(requirement, learner)
    assert state(cycle, datetime.date(2027, 6, 1)) == State.EXEMPT  # past the due date, still befreit
    assert state(cycle, datetime.date(2027, 10, 1)) == State.OVERDUE
    annotated = RequirementCycle.objects.annotate(
        exempt=requirements.exempt_filter(datetime.date(2027, 6, 1))
    ).get(pk=cycle.pk)
    assert annotated.exempt is True
    with travel(2027, 6, 1):
        assert requirements.sync_all() == 0  # an exemption changes what is shown, not the cycles


# The nightly task


def test_the_nightly_sync_twice_writes_nothing_the_second_time(course, unit, catalog_page):
    calendar_course = CoursePageFactory(parent=catalog_page, title="Unterweisung")
    LessonPageFactory(parent=calendar_course)
    people = [staff(unit) for _ in range(6)]
    with travel(2026, 3, 20):
        complete(people[0], course)  # about to run out when the requirement starts
    with travel(2027, 1, 5):
        rolling = TrainingRequirementFactory(course=course)
        TrainingRequirementFactory(
            course=calendar_course, window=TrainingRequirement.Window.CALENDAR_YEAR, grace_days=14
        )
        requirements.sync_all()
        complete(people[1], course)
        complete(people[2], calendar_course)
        Exemption.objects.create(
            requirement=rolling, user=people[3], reason="Elternzeit", until=datetime.date(2027, 12, 31)
        )
        people[4].is_active = False
        people[4].save()
    writes = []
    for day in (datetime.date(2027, 3, 1), datetime.date(2028, 1, 1), datetime.date(2028, 3, 1)):
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(2), BERLIN), tick=False):
            writes.append(tasks.reconcile_requirements())
            before = snapshot()
            assert tasks.reconcile_requirements() == 0
            assert snapshot() == before
    assert writes[0] > 0 and writes[1] > 0  # renewals opened on both nights


@pytest.mark.parametrize("count", [1, 50])
def test_the_nightly_sync_reads_the_same_for_1_or_50_people(
    course, unit, count, django_assert_max_num_queries
):
    """At 75,000 staff the nightly task must not read per person: with nothing to do it only reads."""
    for _ in range(count):
        staff(unit)
    with travel(2027, 1, 5):
        requirement = TrainingRequirementFactory(course=course)
        requirements.sync(requirement)
        # The requirement, its groups and units, the audience with entry dates, the cycles, the enrolments.
        with django_assert_max_num_queries(6):
            assert requirements.sync_all() == 0
    assert RequirementCycle.objects.filter(requirement=requirement).count() == count


# Signals: changes sync at once (after commit), through the real tasks


@pytest.fixture
def eager(monkeypatch):
    # The real tasks run in this process once the change is committed, so their effect is seen here.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def test_a_profile_save_enqueues_the_sync(course, unit, eager, django_capture_on_commit_callbacks):
    other = OrgUnitFactory(name="Fallmanagement")
    learner = staff(other)
    requirement = TrainingRequirementFactory(course=course, all_staff=False, org_units=[unit])
    profile = learner.staff_profile
    profile.org_unit = unit
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        profile.save()
    assert len(callbacks) == 1
    assert state(current(requirement, learner)) == State.DUE
    assert Enrolment.objects.get(user=learner).source == Enrolment.Source.REQUIREMENT


def test_joining_and_leaving_a_group_enqueue_the_sync(
    course, unit, eager, django_capture_on_commit_callbacks
):
    learner = staff(unit)
    lotsen = Group.objects.get(name="Digitalisierungslotsen")
    requirement = TrainingRequirementFactory(course=course, all_staff=False, groups=[lotsen])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        learner.groups.add(lotsen)
    assert len(callbacks) == 1 and state(current(requirement, learner)) == State.DUE
    with django_capture_on_commit_callbacks(execute=True):
        lotsen.user_set.remove(learner)  # from the group's side
    assert current(requirement, learner).ended_at is not None
    assert not Enrolment.objects.filter(user=learner).exists()
    with django_capture_on_commit_callbacks(execute=True):
        lotsen.user_set.add(learner)
    assert len(cycles(requirement, learner)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        learner.groups.clear()
    assert current(requirement, learner).ended_at is not None


def test_saving_a_requirement_enqueues_its_sync(course, unit, eager, django_capture_on_commit_callbacks):
    learner = staff(unit)
    with django_capture_on_commit_callbacks(execute=True):
        requirement = TrainingRequirementFactory(course=course)
    assert state(current(requirement, learner)) == State.DUE


def test_a_completion_completes_the_cycle_through_the_worker_task(
    course, unit, eager, django_capture_on_commit_callbacks
):
    learner = staff(unit)
    requirement = TrainingRequirementFactory(course=course)
    requirements.sync(requirement)
    with django_capture_on_commit_callbacks(execute=True):
        complete(learner, course)  # the task enqueues the certificate after commit; eager, it runs here
    cycle = current(requirement, learner)
    assert state(cycle) == State.DONE
    certificate = Certificate.objects.get(user=learner)
    assert certificate.completed_at == cycle.done_at
    assert cycle.valid_until == timezone.localdate() + relativedelta(months=12)
