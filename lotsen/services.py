"""What happens to help requests, coachings and sessions; views and the demo call these, never the models.

Nothing here sends mail: a request assigned to a Lotse waits with `notified_at` unset, and the caller has
`lotsen.tasks.notify_lotse_after_commit` tell the Lotse (the scheduled `notify_pending` catches the rest).
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from learning import privacy
from learning.models import AccessLogEntry, OrgUnit

from . import routing
from .models import Coaching, CoachingSession, HelpRequest, Lotse, PrivateNote


def month_start(day):
    return day.replace(day=1)


def next_month_start(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def months(today=None, count=12):
    """First days of the last `count` months, newest first."""
    day = month_start(today or timezone.localdate())
    result = []
    for _index in range(count):
        result.append(day)
        day = month_start(day - datetime.timedelta(days=1))
    return result


def used_minutes(lotse_ids, day=None):
    """{lotse id: minutes logged in the month of `day`} in one query (office hours and groups count)."""
    day = day or timezone.localdate()
    rows = (
        CoachingSession.objects.filter(
            lotse_id__in=lotse_ids, date__gte=month_start(day), date__lt=next_month_start(day)
        )
        .values("lotse_id")
        .annotate(total=Sum("minutes"))
    )
    used = dict.fromkeys(lotse_ids, 0)
    used.update({row["lotse_id"]: row["total"] for row in rows})
    return used


def candidates(day=None):
    """Every active Lotse as a routing.Candidate (four queries however many Lotsen)."""
    lotsen = list(Lotse.objects.filter(active=True).prefetch_related("org_units", "competences", "tags"))
    used = used_minutes([lotse.pk for lotse in lotsen], day)
    return [
        routing.Candidate(
            lotse_id=lotse.pk,
            unit_ids=frozenset(unit.pk for unit in lotse.org_units.all()),
            competence_ids=frozenset(competence.pk for competence in lotse.competences.all()),
            tag_names=frozenset(tag.name.casefold() for tag in lotse.tags.all()),
            free_minutes=lotse.quota_minutes - used[lotse.pk],
        )
        for lotse in lotsen
    ]


def unit_chain(user):
    """The user's org unit id followed by its parents' ids up to the root; () without a unit."""
    unit_id = OrgUnit.objects.filter(staff__user=user).values_list("pk", flat=True).first()
    if unit_id is None:
        return ()
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    chain = []
    while unit_id is not None and unit_id not in chain:
        chain.append(unit_id)
        unit_id = parents.get(unit_id)
    return tuple(chain)


def route(help_request):
    """Assign the best Lotse (not one who declined) or put the request into the pool; saves it."""
    need = routing.Need(
        unit_chain=unit_chain(help_request.requester),
        competence_id=help_request.competence_id,
        topic=help_request.topic,
    )
    declined = set(help_request.declined_by.values_list("pk", flat=True)) if help_request.pk else set()
    lotse_id = routing.choose(candidates(), need, exclude=declined)
    help_request.lotse_id = lotse_id
    help_request.status = HelpRequest.Status.ASSIGNED if lotse_id else HelpRequest.Status.POOL
    help_request.notified_at = None
    help_request.save()
    return help_request


@transaction.atomic
def create_request(requester, *, message, preferred_format, competence=None, topic=""):
    help_request = HelpRequest(
        requester=requester,
        competence=competence,
        topic=topic,
        message=message,
        preferred_format=preferred_format,
    )
    return route(help_request)


def open_coaching(lotse, colleague, competences=()):
    """The open coaching of this pair, started when there is none; adds the given topics."""
    try:
        with transaction.atomic():
            coaching, _created = Coaching.objects.get_or_create(
                lotse=lotse, colleague=colleague, ended_at=None
            )
    except IntegrityError:
        coaching = Coaching.objects.get(lotse=lotse, colleague=colleague, ended_at=None)
    if competences:
        coaching.competences.add(*competences)
    return coaching


@transaction.atomic
def accept(help_request):
    coaching = open_coaching(
        help_request.lotse,
        help_request.requester,
        [help_request.competence] if help_request.competence else [],
    )
    help_request.status = HelpRequest.Status.ACCEPTED
    help_request.coaching = coaching
    help_request.save(update_fields=["status", "coaching", "updated_at"])
    return coaching


@transaction.atomic
def decline(help_request):
    """The assigned Lotse says no: route again without them (or to the pool)."""
    help_request.declined_by.add(help_request.lotse)
    return route(help_request)


@transaction.atomic
def hand_over(help_request, to_lotse):
    help_request.lotse = to_lotse
    help_request.status = HelpRequest.Status.ASSIGNED
    help_request.notified_at = None
    help_request.save(update_fields=["lotse", "status", "notified_at", "updated_at"])
    return help_request


@transaction.atomic
def assign_from_pool(help_request, lotse):
    """The coordination assigns a pool request by hand."""
    return hand_over(help_request, lotse)


def close(help_request):
    help_request.status = HelpRequest.Status.DONE
    help_request.save(update_fields=["status", "updated_at"])


@transaction.atomic
def set_consent(coaching, give):
    """The colleague gives or revokes consent; both are written to the access log with the time."""
    now = timezone.now()
    if give:
        coaching.consent_given_at = now
        action = AccessLogEntry.Action.CONSENT_GIVEN
    else:
        coaching.consent_given_at = None
        coaching.consent_revoked_at = now
        action = AccessLogEntry.Action.CONSENT_REVOKED
    coaching.save(update_fields=["consent_given_at", "consent_revoked_at"])
    privacy.log_access(coaching.colleague, coaching.colleague, action, coaching.reference)


@transaction.atomic
def log_session(lotse, *, coaching=None, participant_count=None, competences=(), private_notes="", **fields):
    """Store a session (individual with a coaching, or an anonymous group with a head count)."""
    session = CoachingSession.objects.create(
        lotse=lotse,
        coaching=coaching,
        kind=CoachingSession.Kind.INDIVIDUAL if coaching else CoachingSession.Kind.GROUP,
        participant_count=None if coaching else participant_count,
        **fields,
    )
    session.competences.set(competences)
    if private_notes.strip():
        PrivateNote.objects.create(session=session, text=private_notes.strip())
    return session


def complete_follow_up(session):
    CoachingSession.objects.filter(pk=session.pk, follow_up_done_at=None).update(
        follow_up_done_at=timezone.now()
    )
