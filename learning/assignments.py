"""Assigning courses in bulk: Koordination gives a course with a due date to a unit or to single people.

The admin views for this (the form and the status overview) live in learning/viewsets.py.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Enrolment

# What the status overview shows: trainings Koordination assigned and mandatory ones, never what a
# person chose (DESIGN.md, privacy).
OVERVIEW_SOURCES = [Enrolment.Source.ASSIGNED, Enrolment.Source.REQUIREMENT]


def recipients(org_unit, users):
    """The active staff of `org_unit` and all units below it (if given), with `users`, in order of id."""
    people = set(users)
    if org_unit is not None:
        people |= set(
            get_user_model().objects.filter(
                is_active=True, staff_profile__org_unit_id__in=org_unit.subtree_ids()
            )
        )
    return sorted(people, key=lambda user: user.pk)


def assign(course, users, due_date, assigned_by):
    """Enrol every user (all or nothing); returns (newly assigned, already enrolled and given the due date).

    A fixed number of queries however large the unit: existing enrolments are read once, new ones are
    created in one statement. Assigned courses skip the prerequisite check, as completion.enrol does.
    """
    existing = {e.user_id: e for e in Enrolment.objects.filter(course=course, user__in=users)}
    new = [
        Enrolment(
            user=user,
            course=course,
            source=Enrolment.Source.ASSIGNED,
            assigned_by=assigned_by,
            due_date=due_date,
        )
        for user in users
        if user.pk not in existing
    ]
    open_ids = [e.pk for e in existing.values() if e.completed_at is None]
    with transaction.atomic():
        Enrolment.objects.bulk_create(new)
        Enrolment.objects.filter(pk__in=open_ids).update(
            due_date=due_date, source=Enrolment.Source.ASSIGNED, assigned_by=assigned_by
        )
    return len(new), len(open_ids)
