"""What happens to help requests, coachings and sessions; views and the demo call these, never the models.

Nothing here sends mail: a request assigned to a Lotse waits with `notified_at` unset, and the caller has
`lotsen.tasks.notify_lotse_after_commit` tell the Lotse (the scheduled `notify_pending` catches the rest).
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone

from learning import privacy
from learning.models import AccessLogEntry, OrgUnit

from . import permissions, routing
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
    lotsen = list(
        Lotse.objects.filter(permissions.active_lotsen()).prefetch_related("org_units", "competences", "tags")
    )
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


class NotAllowed(Exception):
    """A state change the rules forbid (the view shows a German message, nothing is stored)."""


def open_coaching(lotse, colleague, competences=(), *, accepted=True):
    """The open coaching of this pair, started when there is none; adds the given topics.

    A coaching the Lotse opens without a request (`accepted=False`) waits until the colleague accepts it.
    An accepted request accepts a waiting coaching of the same pair: the colleague asked for it.
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            coaching, _created = Coaching.objects.get_or_create(
                lotse=lotse,
                colleague=colleague,
                ended_at=None,
                defaults={"accepted_at": now if accepted else None},
            )
    except IntegrityError:
        coaching = Coaching.objects.get(lotse=lotse, colleague=colleague, ended_at=None)
    if accepted and coaching.accepted_at is None:
        coaching.accepted_at = now
        coaching.save(update_fields=["accepted_at"])
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
def withdraw(help_request, requester):
    """The requester takes back a request nobody has taken yet."""
    updated = HelpRequest.objects.filter(
        permissions.requests_to_withdraw(requester), pk=help_request.pk
    ).update(status=HelpRequest.Status.WITHDRAWN, updated_at=timezone.now())
    if not updated:
        raise NotAllowed
    help_request.refresh_from_db()
    return help_request


class ConsentKind:
    PROGRESS = "progress"
    SELF_CHECK = "self_check"
    FIELDS = {PROGRESS: "consent_given_at", SELF_CHECK: "self_check_consent_given_at"}
    LABELS = {PROGRESS: "Lernstand", SELF_CHECK: "Kompetenz-Check"}


@transaction.atomic
def set_consent(coaching, give, kind=ConsentKind.PROGRESS):
    """The colleague gives or revokes one consent (progress or Kompetenz-Check), logged with the time.

    Consent is given to the person behind the profile now: `consent_to` names the Lotse's user account.
    """
    coaching = Coaching.objects.select_for_update().select_related("lotse").get(pk=coaching.pk)
    if coaching.ended_at is not None or coaching.accepted_at is None:
        raise NotAllowed
    now = timezone.now()
    field = ConsentKind.FIELDS[kind]
    if give:
        setattr(coaching, field, now)
        coaching.consent_to_id = coaching.lotse.user_id
        action = AccessLogEntry.Action.CONSENT_GIVEN
    else:
        setattr(coaching, field, None)
        coaching.consent_revoked_at = now
        action = AccessLogEntry.Action.CONSENT_REVOKED
    if coaching.consent_given_at is None and coaching.self_check_consent_given_at is None:
        coaching.consent_to = None
    coaching.save(update_fields=[field, "consent_to", "consent_revoked_at"])
    privacy.log_access(
        coaching.colleague, coaching.colleague, action, f"{coaching.reference}: {ConsentKind.LABELS[kind]}"
    )
    return coaching


@transaction.atomic
def accept_coaching(coaching, colleague):
    """The colleague agrees to a coaching the Lotse opened without a request."""
    updated = Coaching.objects.filter(
        pk=coaching.pk, colleague=colleague, ended_at=None, accepted_at=None
    ).update(accepted_at=timezone.now())
    if not updated:
        raise NotAllowed
    coaching.refresh_from_db()
    return coaching


def _end(coaching, by, closing_note=""):
    """End one coaching (locked row): consent ends with it and the access log says so."""
    coaching = Coaching.objects.select_for_update().filter(pk=coaching.pk, ended_at=None).first()
    if coaching is None:
        return None
    had_consent = coaching.consent_given_at is not None or coaching.self_check_consent_given_at is not None
    coaching.ended_at = timezone.now()
    coaching.ended_by = by
    coaching.closing_note = closing_note.strip()[:300]
    coaching.consent_given_at = None
    coaching.self_check_consent_given_at = None
    coaching.consent_to = None
    coaching.save(
        update_fields=[
            "ended_at",
            "ended_by",
            "closing_note",
            "consent_given_at",
            "self_check_consent_given_at",
            "consent_to",
        ]
    )
    if had_consent:
        privacy.log_access(
            by or coaching.colleague,
            coaching.colleague,
            AccessLogEntry.Action.CONSENT_ENDED,
            coaching.reference,
        )
    return coaching


@transaction.atomic
def end_coaching(coaching, user, closing_note=""):
    """ "Begleitung beenden" by the Lotse or the colleague; anybody else gets NotAllowed.

    Returns the ended coaching; the caller has the other side told (`lotsen.tasks`).
    """
    allowed = Coaching.objects.filter(
        permissions.open_coachings_led_by(user) | Q(colleague=user, ended_at=None), pk=coaching.pk
    ).exists()
    if not allowed:
        raise NotAllowed
    return _end(coaching, user, closing_note)


def inactive_since(now=None):
    """The moment before which a coaching's last activity counts as inactive (setting in months)."""
    months = settings.LOTSEN_COACHING_INACTIVE_MONTHS
    return (now or timezone.now()) - datetime.timedelta(days=round(months * 30.44))


@transaction.atomic
def end_inactive_coachings(now=None):
    """End every open coaching without a session (nor a start) in the configured months; their ids."""
    cutoff = inactive_since(now)
    stale = (
        Coaching.objects.filter(ended_at=None, started_at__lt=cutoff)
        .annotate(last_session=Max("sessions__date"))
        .filter(Q(last_session=None) | Q(last_session__lt=timezone.localdate(cutoff)))
    )
    return [coaching.pk for coaching in list(stale) if _end(coaching, None)]


@transaction.atomic
def withdraw_lotse(lotse):
    """A Lotse (or their account) is deactivated or deleted: route their open requests to others or
    the pool, end their coachings. Returns (request ids to notify, ended coaching ids)."""
    Lotse.objects.filter(pk=lotse.pk).update(active=False)  # not save(): its receiver would come back here
    lotse.active = False
    lotse.sync_membership()  # the quota report counts the Lotse until today, not in later months
    request_ids = []
    for help_request in HelpRequest.objects.filter(lotse=lotse, status=HelpRequest.Status.ASSIGNED):
        if route(help_request).lotse_id:
            request_ids.append(help_request.pk)
    ended = [c.pk for c in Coaching.objects.filter(lotse=lotse, ended_at=None) if _end(c, None)]
    return request_ids, ended


def profile_changes(before, after):
    """German description of what changed between two snapshots of a Lotse profile ("" when nothing)."""
    labels = {
        "active": "aktiv",
        "units": "Organisationseinheiten",
        "topics": "Themen",
        "monthly_quota_hours": "Zeitkontingent",
    }
    changed = [
        f"{labels[key]}: {before.get(key, '–')} → {after[key]}"
        for key in labels
        if before.get(key) != after[key]
    ]
    return "; ".join(changed)


def profile_snapshot(lotse):
    return {
        "active": "ja" if lotse.active else "nein",
        "units": lotse.units(),
        "topics": lotse.topics(),
        "monthly_quota_hours": str(lotse.monthly_quota_hours),
    }


def log_profile_change(actor, lotse, before):
    """Write a change of rights to the access log when the profile's rights changed (or it was created)."""
    change = profile_changes(before, profile_snapshot(lotse))
    if change:
        prefix = "Lotsenprofil angelegt" if not before else "Lotsenprofil geändert"
        privacy.log_access(
            actor, lotse.user, AccessLogEntry.Action.RIGHTS_CHANGED, f"{prefix}: {change}"[:200]
        )
    return change


@transaction.atomic
def log_session(lotse, *, coaching=None, participant_count=None, competences=(), private_notes="", **fields):
    """Store a session (individual with an accepted open coaching, or an anonymous group with a head count)."""
    if (
        coaching is not None
        and not Coaching.objects.filter(permissions.coachings_to_log(lotse.user), pk=coaching.pk).exists()
    ):
        raise NotAllowed
    session = CoachingSession.objects.create(
        lotse=lotse,
        coaching=coaching,
        kind=CoachingSession.Kind.INDIVIDUAL if coaching else CoachingSession.Kind.GROUP,
        participant_count=None if coaching else participant_count,
        **fields,
    )
    session.competences.set(competences)
    if private_notes.strip():
        PrivateNote.objects.create(session=session, author=lotse.user, text=private_notes.strip())
    return session


def complete_follow_up(session):
    CoachingSession.objects.filter(pk=session.pk, follow_up_done_at=None).update(
        follow_up_done_at=timezone.now()
    )
