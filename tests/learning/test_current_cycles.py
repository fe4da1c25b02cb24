"""A person's current cycle: the column `superseded_at` says what the anti-join over all cycles said.

The overview (learning.viewsets.current_cycles) reads the cycles without `ended_at` and `superseded_at`;
before, it looked for cycles with no later cycle of the same person and requirement. Generated histories
(renewals, completions, moves between units, leaving and returning, a requirement switched off and on,
exemptions, all through learning.requirements) must give both definitions the same rows and states every day.
"""

import datetime
import importlib
import random
import zoneinfo

import pytest
import time_machine
from django.apps import apps
from django.db.models import Exists, OuterRef
from django.utils import timezone

from courses.models import LessonPage
from learning import completion, requirements, tasks, viewsets
from learning.models import Exemption, RequirementCycle, StaffProfile, TrainingRequirement
from tests.factories import (
    CoursePageFactory,
    LessonPageFactory,
    OrgUnitFactory,
    TrainingRequirementFactory,
    staff,
)

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def anti_join_current():
    """The overview's definition before `superseded_at`: not ended, no later cycle (by pk)."""
    later = RequirementCycle.objects.filter(
        requirement=OuterRef("requirement"), user=OuterRef("user"), pk__gt=OuterRef("pk")
    )
    return RequirementCycle.objects.filter(ended_at__isnull=True, requirement__active=True).exclude(
        Exists(later)
    )


def rows(queryset):
    return sorted(queryset.values_list("pk", "requirement_id", "user_id"))


def assert_same_current_cycles(today):
    old = rows(anti_join_current())
    new_queryset = viewsets.current_cycles(today)
    assert rows(new_queryset) == old
    # Exactly one current cycle per person and requirement, with the state the old query gave it.
    assert len({(requirement, user) for _, requirement, user in old}) == len(old)
    states = dict(new_queryset.values_list("pk", "state"))
    old_with_state = RequirementCycle.objects.filter(pk__in=[pk for pk, _, _ in old]).annotate(
        exempt=requirements.exempt_filter(today)
    )
    assert states == {cycle.pk: cycle.state(today, exempt=cycle.exempt) for cycle in old_with_state}
    # Every cycle that is not current any more is ended or superseded, and only a superseded one has a
    # successor; a superseded cycle has the creation time of its successor.
    newer = {}
    for pk, requirement, user, superseded_at, created_at in RequirementCycle.objects.order_by(
        "-pk"
    ).values_list("pk", "requirement", "user", "superseded_at", "created_at"):
        assert superseded_at == newer.get((requirement, user)), pk
        newer[(requirement, user)] = created_at
    return old


def complete(user, course):
    for lesson in LessonPage.objects.child_of(course).specific():
        completion.complete_lesson(user, lesson, completion.Evidence(lesson.completion_rule))
    tasks.update_course_completion(user.pk, course.pk)


@pytest.fixture
def world(catalog_page):
    courses = []
    for title in ("Datenschutz", "Phishing", "Arbeitsschutz"):
        course = CoursePageFactory(parent=catalog_page, title=title, certificate_validity_months=12)
        LessonPageFactory(parent=course, title=f"{title} – Lektion")
        courses.append(course)
    area = OrgUnitFactory(name="Leistung")
    team, other = OrgUnitFactory(name="Team 1", parent=area), OrgUnitFactory(name="Eingangszone")
    with time_machine.travel(datetime.datetime(2027, 1, 4, 9, tzinfo=BERLIN), tick=False):
        people = [staff(team if n % 2 else other) for n in range(8)]
        reqs = [
            # Rolling 12 months, renewal 30 days before; calendar year; once, for one area only.
            TrainingRequirementFactory(course=courses[0], first_due_days=30, renewal_days=30),
            TrainingRequirementFactory(
                course=courses[1], window=TrainingRequirement.Window.CALENDAR_YEAR, grace_days=7
            ),
            TrainingRequirementFactory(
                course=courses[2], all_staff=False, org_units=[area], interval_months=None
            ),
        ]
        requirements.sync_all()
    return courses, (area, team, other), people, reqs


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_superseded_at_gives_the_same_current_cycles_as_the_anti_join(world, seed):
    courses, (_area, team, other), people, reqs = world
    rng = random.Random(seed)
    day = datetime.date(2027, 1, 4)
    seen_renewals = seen_returns = 0
    for _ in range(45):
        day += datetime.timedelta(days=rng.choice([1, 7, 30, 60, 120]))
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(10), BERLIN), tick=False):
            person = rng.choice(people)
            event = rng.random()
            if event < 0.35:
                complete(person, rng.choice(courses))
            elif event < 0.5:  # a move between units: in or out of the area's requirement
                profile = StaffProfile.objects.get(user=person)
                profile.org_unit = other if profile.org_unit_id == team.pk else team
                profile.save()
                requirements.sync_user(person.pk)
            elif event < 0.62:  # leaving and coming back
                person.is_active = not person.is_active
                person.save()
                requirements.sync_user(person.pk)
            elif event < 0.7:  # a requirement switched off or on again
                requirement = rng.choice(reqs)
                requirement.active = not requirement.active
                requirement.save()
                tasks.sync_requirement(requirement.pk)
            elif event < 0.78:
                Exemption.objects.create(
                    requirement=rng.choice(reqs),
                    user=person,
                    reason="Elternzeit",
                    until=day + datetime.timedelta(days=rng.choice([10, 90])),
                )
            before = RequirementCycle.objects.count()
            tasks.reconcile_requirements()  # the nightly task: renewals
            seen_renewals += RequirementCycle.objects.count() > before
            assert_same_current_cycles(timezone.localdate())
            seen_returns += RequirementCycle.objects.filter(
                ended_at__isnull=False, superseded_at__isnull=False
            ).exists()
    # The histories have the cases the column must get right.
    assert seen_renewals and seen_returns
    assert RequirementCycle.objects.filter(done_at__isnull=False, superseded_at__isnull=False).exists()
    assert RequirementCycle.objects.filter(ended_at__isnull=False, superseded_at__isnull=True).exists()


def test_the_migration_backfills_superseded_at_as_the_sync_sets_it(world):
    courses, _units, people, _reqs = world
    for year in (2027, 2028, 2029):
        with time_machine.travel(datetime.datetime(year, 1, 10, 10, tzinfo=BERLIN), tick=False):
            for person in people[: 4 + year % 3]:
                complete(person, courses[0])
                complete(person, courses[1])
        with time_machine.travel(datetime.datetime(year, 12, 28, 2, tzinfo=BERLIN), tick=False):
            tasks.reconcile_requirements()
    with time_machine.travel(datetime.datetime(2030, 1, 2, 2, tzinfo=BERLIN), tick=False):
        tasks.reconcile_requirements()
    expected = dict(RequirementCycle.objects.values_list("pk", "superseded_at"))
    assert sum(value is not None for value in expected.values()) >= 10

    RequirementCycle.objects.update(superseded_at=None)
    migration = importlib.import_module("learning.migrations.0024_requirement_cycle_superseded_at")
    migration.backfill(apps, None)
    assert dict(RequirementCycle.objects.values_list("pk", "superseded_at")) == expected
    assert_same_current_cycles(datetime.date(2030, 1, 2))


def test_a_cycle_opened_by_a_parallel_sync_supersedes_nothing(world):
    """`_create` returns None when the one-open-cycle constraint refuses a second open cycle; the earlier
    cycles stay as they were (the savepoint rolls back the supersede with the insert)."""
    _courses, _units, people, reqs = world
    person, requirement = people[0], reqs[0]
    (open_cycle,) = RequirementCycle.objects.filter(requirement=requirement, user=person)
    duplicate = requirements.first_cycle(requirement, person.pk, None, datetime.date(2027, 1, 5))
    assert requirements._create(duplicate) is None
    open_cycle.refresh_from_db()
    assert open_cycle.superseded_at is None
    assert RequirementCycle.objects.filter(requirement=requirement, user=person).count() == 1
