"""Mandatory trainings: who is in a requirement's audience, and each person's cycles of it.

`sync` is the one function that moves cycles on; the profile and group signals, the requirement's own
save and the nightly task all call it (through `learning.tasks`), and it is idempotent: run twice, the
second run writes nothing. The rules, for coordinators, are in docs/pflichtschulungen.md:

- Someone who enters the audience gets a first cycle, due after `first_due_days` (calendar year: on the
  yearly due date, at least `first_due_days` away; new staff: `new_staff_days` after their entry date). A
  completion of the course within the last interval (calendar year: this year; once: ever) counts for it.
- Completing the course completes the open cycle; it then counts until the next one is due.
- Before that (`renewal_days` before, calendar year: on 1 January) a new cycle opens, due when the old
  one runs out; a completed enrolment is reopened for it, its certificate stays valid until its date.
- Someone who leaves the audience (or whose requirement is switched off) has their current cycle ended (a
  completed one keeps its completion; back in the audience, it counts for the new first cycle); an
  enrolment the requirement created and that was never started goes, everything else stays.

A requirement never rewrites a person's enrolment (source or due date): its dates are in the cycles.
"""

import datetime
from collections import defaultdict
from functools import reduce
from operator import or_

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from courses.models import LessonPage

from . import completion
from .models import Enrolment, Exemption, LessonProgress, OrgUnit, RequirementCycle, TrainingRequirement


def audience(requirement):
    """The active staff a requirement applies to (regardless of whether it is active)."""
    users = get_user_model().objects.filter(is_active=True, staff_profile__isnull=False)
    parts = []
    if not requirement.all_staff:
        group_ids = list(requirement.groups.values_list("pk", flat=True))
        if group_ids:
            parts.append(Q(groups__in=group_ids))
        unit_ids = subtree_ids(requirement.org_units.values_list("pk", flat=True))
        if unit_ids:
            parts.append(Q(staff_profile__org_unit_id__in=unit_ids))
        if not parts and not requirement.new_staff_days:
            return users.none()
    if parts:
        users = users.filter(reduce(or_, parts))
    if requirement.new_staff_days:
        users = users.filter(staff_profile__entry_date__gte=requirement.starts_on)
    return users.distinct()


def subtree_ids(unit_ids):
    """The given org units and all units below them, from one query of the (small) tree."""
    unit_ids = list(unit_ids)
    if not unit_ids:
        return set()
    children = defaultdict(list)
    for unit_id, parent_id in OrgUnit.objects.values_list("id", "parent_id"):
        children[parent_id].append(unit_id)
    result, stack = set(), unit_ids
    while stack:
        unit_id = stack.pop()
        if unit_id not in result:
            result.add(unit_id)
            stack.extend(children[unit_id])
    return result


def exempt_filter(today=None):
    """Exists() for annotating cycles with whether their person is exempt today."""
    return Exists(
        Exemption.objects.filter(
            requirement=OuterRef("requirement"),
            user=OuterRef("user"),
            until__gte=today or timezone.localdate(),
        )
    )


def renews_on(requirement, cycle):
    """The day a completed cycle's successor opens; None for one-off requirements."""
    if not requirement.interval_months or cycle.done_at is None:
        return None
    if requirement.window == TrainingRequirement.Window.CALENDAR_YEAR:
        return datetime.date(timezone.localdate(cycle.done_at).year + requirement.years, 1, 1)
    return cycle.valid_until - datetime.timedelta(days=requirement.renewal_days)


def valid_until(requirement, done_at):
    """Until when a completion counts: when the next cycle is due; None for one-off requirements."""
    if not requirement.interval_months:
        return None
    completed_on = timezone.localdate(done_at)
    if requirement.window == TrainingRequirement.Window.CALENDAR_YEAR:
        return requirement.due_date_in(completed_on.year + requirement.years)
    return completed_on + relativedelta(months=requirement.interval_months)


def _overdue_from(requirement, due_on):
    return due_on + datetime.timedelta(days=requirement.grace_days + 1)


def first_cycle(requirement, user_id, entry_date, today):
    """The cycle of someone who has just entered the audience (not saved)."""
    earliest_due = today + datetime.timedelta(days=requirement.first_due_days)
    if requirement.new_staff_days and entry_date is not None:
        due_on = entry_date + datetime.timedelta(days=requirement.new_staff_days)
        if due_on < today:
            due_on = earliest_due
    elif requirement.window == TrainingRequirement.Window.CALENDAR_YEAR:
        due_on = max(requirement.due_date_in(today.year), earliest_due)
    else:
        due_on = earliest_due
    if requirement.window == TrainingRequirement.Window.CALENDAR_YEAR:
        counts_from = datetime.date(today.year, 1, 1)
    elif requirement.interval_months:
        counts_from = today - relativedelta(months=requirement.interval_months)
    else:
        counts_from = None
    return _cycle(requirement, user_id, today, counts_from, due_on)


def next_cycle(requirement, previous, today):
    """The recertification cycle after `previous` (not saved): due when `previous` runs out."""
    opens = renews_on(requirement, previous)
    if requirement.window == TrainingRequirement.Window.CALENDAR_YEAR:
        due_on = requirement.due_date_in(opens.year)
    else:
        due_on = previous.valid_until
    return _cycle(requirement, previous.user_id, today, opens, due_on)


def _cycle(requirement, user_id, opens_on, counts_from, due_on):
    return RequirementCycle(
        requirement=requirement,
        user_id=user_id,
        opens_on=opens_on,
        counts_from=counts_from,
        due_on=due_on,
        overdue_from=_overdue_from(requirement, due_on),
    )


def sync(requirement, user_ids=None, today=None, now=None):
    """Bring the cycles of `requirement` (for `user_ids`, or everybody) up to date; returns the writes.

    A fixed number of reads for the whole audience; writes only where something changed.
    """
    today = today or timezone.localdate()
    now = now or timezone.now()
    members = audience(requirement)
    cycles = RequirementCycle.objects.filter(requirement=requirement).order_by("opens_on", "pk")
    if user_ids is not None:
        members = members.filter(pk__in=user_ids)
        cycles = cycles.filter(user_id__in=user_ids)
    in_force = requirement.active and requirement.starts_on <= today
    entry_dates = dict(members.values_list("pk", "staff_profile__entry_date")) if in_force else {}
    latest = {}
    for cycle in cycles:
        latest[cycle.user_id] = cycle
    enrolments = {
        e.user_id: e
        for e in Enrolment.objects.filter(
            course_id=requirement.course_id, user_id__in=set(entry_dates) | set(latest)
        )
    }
    writes = 0
    for user_id, cycle in latest.items():
        if user_id not in entry_dates and cycle.ended_at is None:
            writes += _end(requirement, cycle, enrolments.get(user_id), now)
    for user_id, entry_date in entry_dates.items():
        writes += _advance(
            requirement, user_id, latest.get(user_id), enrolments.get(user_id), entry_date, today
        )
    return writes


def _advance(requirement, user_id, cycle, enrolment, entry_date, today):
    """Move one member's cycles on as far as today allows (a catch-up may complete and renew at once)."""
    writes = 0
    while True:
        if cycle is None or cycle.ended_at is not None:
            cycle = _create(first_cycle(requirement, user_id, entry_date, today))
            writes += 1
        elif cycle.done_at is not None:
            opens = renews_on(requirement, cycle)
            if opens is None or today < opens:
                return writes
            cycle = _create(next_cycle(requirement, cycle, today))
            writes += 1
        if cycle is None:
            return writes  # a parallel sync opened it first
        if cycle.overdue_from != _overdue_from(requirement, cycle.due_on):
            cycle.overdue_from = _overdue_from(requirement, cycle.due_on)
            RequirementCycle.objects.filter(pk=cycle.pk).update(overdue_from=cycle.overdue_from)
            writes += 1
        if enrolment is None:
            Enrolment.objects.get_or_create(
                user_id=user_id,
                course_id=requirement.course_id,
                defaults={"source": Enrolment.Source.REQUIREMENT},
            )
            return writes + 1
        if enrolment.completed_at is None:
            return writes
        if cycle.counts_from is not None and timezone.localdate(enrolment.completed_at) < cycle.counts_from:
            completion.reopen(enrolment)
            return writes + 1
        cycle.done_at = enrolment.completed_at
        cycle.valid_until = valid_until(requirement, enrolment.completed_at)
        RequirementCycle.objects.filter(pk=cycle.pk).update(
            done_at=cycle.done_at, valid_until=cycle.valid_until
        )
        writes += 1


def _create(cycle):
    """Open `cycle` (None when a parallel sync opened one first); the person's earlier cycles of the
    requirement are superseded in the same transaction, so exactly the newest one is current."""
    try:
        with transaction.atomic():
            cycle.save()
            RequirementCycle.objects.filter(
                requirement_id=cycle.requirement_id,
                user_id=cycle.user_id,
                pk__lt=cycle.pk,
                superseded_at__isnull=True,
            ).update(superseded_at=cycle.created_at)
    except IntegrityError:
        return None
    return cycle


def _end(requirement, cycle, enrolment, now):
    """End the current cycle of someone who left; drop an enrolment only this requirement made and nobody used.

    A completed cycle ends too (keeping its completion), so that it is nobody's current cycle any more: the
    overview would otherwise list a leaver, and call them overdue once the completion ran out.
    """
    RequirementCycle.objects.filter(pk=cycle.pk).update(ended_at=now)
    if cycle.done_at is not None:
        return 1
    if enrolment is None or enrolment.source != Enrolment.Source.REQUIREMENT or enrolment.completed_at:
        return 1
    still_needed = RequirementCycle.objects.filter(
        user_id=cycle.user_id,
        requirement__course_id=requirement.course_id,
        done_at__isnull=True,
        ended_at__isnull=True,
    ).exists()
    started = LessonProgress.objects.filter(
        user_id=cycle.user_id, lesson__in=LessonPage.objects.child_of(requirement.course)
    ).exists()
    if not still_needed and not started:
        enrolment.delete()
    return 1


def sync_user(user_id, course_id=None, today=None):
    """Sync every requirement (of `course_id`, if given) for one person: their profile, groups or record
    changed. Returns the writes."""
    requirements = TrainingRequirement.objects.all()
    if course_id is not None:
        requirements = requirements.filter(course_id=course_id)
    return sum(sync(requirement, [user_id], today=today) for requirement in requirements)


def sync_all(today=None):
    """The nightly reconciliation: every requirement, active or not, for everybody."""
    return sum(sync(requirement, today=today) for requirement in TrainingRequirement.objects.all())
