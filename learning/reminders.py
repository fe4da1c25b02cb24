"""Reminder e-mails of mandatory trainings: what is due for whom today, and one e-mail per person a day.

When:

- "fällig in 14 Tagen" from 14 days before `due_on`, "fällig in 3 Tagen" from 3 days before until `due_on`
  (a cycle that opens closer to its due date gets the one that fits, once);
- "überfällig" on `overdue_from` and then every 7 days while the cycle stays overdue;
- "gültig bis" 30 days before a completed cycle's `valid_until`, unless a later completion replaced it.

The windows are ranges, not single days, so a day on which the task did not run is caught up the next day;
what went out is recorded (`ReminderDigest`, `ReminderItem`), so nothing is sent twice. Exempt people,
people who left the audience, switched-off requirements and ended cycles get nothing.

Who: the person, and in copy the Lotsen who coach them with their consent, if the person asked for that on
their "Erinnerungen" page. Never a supervisor or anybody else. The Lotsen app tells us who those Lotsen
are through `register_lotse_finder` (learning must not import lotsen).

This module sends, but never enqueues: the daily beat task `learning.send_reminders` calls `send_reminders`.
"""

import datetime
import logging
import smtplib
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

from .models import ReminderDigest, ReminderItem, ReminderTemplates, RequirementCycle
from .models.org import display_name
from .models.reminders import fill_placeholders
from .requirements import audience, exempt_filter

logger = logging.getLogger(__name__)

DUE_SOON_DAYS = 14
DUE_SHORTLY_DAYS = 3
OVERDUE_EVERY_DAYS = 7
EXPIRING_DAYS = 30

Kind = ReminderItem.Kind
# Order of the paragraphs in an e-mail: the most urgent first.
KIND_ORDER = [Kind.OVERDUE, Kind.DUE_SHORTLY, Kind.DUE_SOON, Kind.EXPIRING]

_lotse_finders = {}


def register_lotse_finder(name, finder):
    """`finder(user_ids)` returns {user id: [(name, e-mail address), ...]}: the Lotsen who coach these
    people with their consent. Registering a name again replaces it."""
    _lotse_finders[name] = finder


def lotsen_of(user_ids):
    """{user id: [(name, address), ...]} from every registered finder, without duplicates."""
    result = defaultdict(list)
    user_ids = list(user_ids)
    if not user_ids:
        return result
    for finder in _lotse_finders.values():
        for user_id, lotsen in finder(user_ids).items():
            for lotse in lotsen:
                if lotse not in result[user_id]:
                    result[user_id].append(lotse)
    return result


@dataclass
class Reminder:
    cycle: RequirementCycle
    kind: str


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    copies: int = 0


def _open_kind(cycle, today, sent_kinds, last_overdue):
    """Which reminder an open cycle gets today, if any."""
    if cycle.state(today) == RequirementCycle.State.OVERDUE:
        last = last_overdue.get(cycle.pk)
        if last is None or today >= last + datetime.timedelta(days=OVERDUE_EVERY_DAYS):
            return Kind.OVERDUE
        return None
    days_left = (cycle.due_on - today).days
    if 0 <= days_left <= DUE_SHORTLY_DAYS:
        kind = Kind.DUE_SHORTLY
    elif DUE_SHORTLY_DAYS < days_left <= DUE_SOON_DAYS:
        kind = Kind.DUE_SOON
    else:
        return None  # further off, or in the grace days after `due_on`
    return None if (cycle.pk, kind) in sent_kinds else kind


def _reachable(cycles, today):
    """Cycles of people we may write to: active, with an address, not exempt, requirement switched on."""
    return (
        cycles.filter(
            ended_at__isnull=True,
            requirement__active=True,
            requirement__starts_on__lte=today,
            user__is_active=True,
            user__staff_profile__isnull=False,
        )
        .exclude(user__email="")
        .filter(~exempt_filter(today))
        .select_related("requirement__course", "user__staff_profile")
    )


def due_reminders(today=None):
    """{user id: [Reminder, ...]} for today, most urgent first. Reads only, in a number of queries that
    does not grow with the number of people (one audience check per requirement with expiring cycles)."""
    today = today or timezone.localdate()
    open_cycles = list(
        _reachable(RequirementCycle.objects.all(), today).filter(
            done_at__isnull=True,
            opens_on__lte=today,
            due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
    )
    later_completion = RequirementCycle.objects.filter(
        requirement=OuterRef("requirement"), user=OuterRef("user"), done_at__gt=OuterRef("done_at")
    )
    expiring = list(
        _reachable(RequirementCycle.objects.all(), today)
        .filter(
            done_at__isnull=False,
            valid_until__gt=today,
            valid_until__lte=today + datetime.timedelta(days=EXPIRING_DAYS),
        )
        .filter(~Exists(later_completion))
    )
    expiring = _still_in_audience(expiring)
    sent_kinds, last_overdue = set(), {}
    for cycle_id, kind, sent_on in ReminderItem.objects.filter(
        cycle_id__in=[c.pk for c in open_cycles + expiring]
    ).values_list("cycle_id", "kind", "digest__sent_on"):
        sent_kinds.add((cycle_id, kind))
        if kind == Kind.OVERDUE and (cycle_id not in last_overdue or sent_on > last_overdue[cycle_id]):
            last_overdue[cycle_id] = sent_on
    result = defaultdict(list)
    for cycle in open_cycles:
        kind = _open_kind(cycle, today, sent_kinds, last_overdue)
        if kind is not None:
            result[cycle.user_id].append(Reminder(cycle, kind))
    for cycle in expiring:
        if (cycle.pk, Kind.EXPIRING) not in sent_kinds:
            result[cycle.user_id].append(Reminder(cycle, Kind.EXPIRING))
    for reminders in result.values():
        reminders.sort(key=lambda r: (KIND_ORDER.index(r.kind), r.cycle.due_on, r.cycle.requirement.name))
    return dict(result)


def _still_in_audience(cycles):
    """A completed cycle stays when its person leaves the audience; they need no warning that it expires."""
    by_requirement = defaultdict(list)
    for cycle in cycles:
        by_requirement[cycle.requirement_id].append(cycle)
    kept = []
    for group in by_requirement.values():
        members = set(
            audience(group[0].requirement)
            .filter(pk__in=[c.user_id for c in group])
            .values_list("pk", flat=True)
        )
        kept += [c for c in group if c.user_id in members]
    return kept


def _date(value):
    return formats.date_format(value, "j. F Y") if value else ""


def _course_links(reminders):
    """{course id: absolute URL}, one lookup per course however many people."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    links = {}
    for reminder in reminders:
        course = reminder.cycle.requirement.course
        if course.pk not in links:
            url = course.get_url() or ""
            links[course.pk] = url if url.startswith(("http://", "https://")) else base + url
    return links


def compose(templates, user, reminders, links, copy_to=()):
    """The e-mail for one person (not sent). German, whatever language the worker runs in."""
    with translation.override(settings.LANGUAGE_CODE):
        frame = {"name": display_name(user), "anzahl": len(reminders)}
        paragraphs = []
        for reminder in reminders:
            cycle = reminder.cycle
            values = {
                "name": frame["name"],
                "kurs": cycle.requirement.course.title,
                "faellig": _date(cycle.valid_until if reminder.kind == Kind.EXPIRING else cycle.due_on),
                "ueberfaellig_seit": _date(cycle.overdue_from),
                "gueltig_bis": _date(cycle.valid_until),
                "link": links[cycle.requirement.course_id],
            }
            subject, body = templates.texts(reminder.kind)
            paragraphs.append(fill_placeholders(body, values))
        if len(reminders) == 1:
            subject = fill_placeholders(subject, values)
        else:
            subject = fill_placeholders(templates.digest_subject, frame)
        body = render_to_string(
            "learning/mail/reminders.txt",
            {
                "greeting": fill_placeholders(templates.greeting, frame),
                "paragraphs": paragraphs,
                "closing": fill_placeholders(templates.closing, frame),
                "copied": bool(copy_to),
                "preferences_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                + reverse("reminder_preferences"),
            },
        )
    return EmailMessage(
        subject=" ".join(subject.split()),  # a header has no line breaks
        body=body,
        to=[user.email],
        cc=[address for _name, address in copy_to],
    )


def _claim(pending, today):
    """Record today's mail of each person before sending it; returns {user id: digest} this run owns.

    The unique (user, day) lets only one of two concurrent runs claim a person.
    """
    run = uuid.uuid4()
    with transaction.atomic():
        ReminderDigest.objects.bulk_create(
            [ReminderDigest(user_id=user_id, sent_on=today, run=run) for user_id in pending],
            ignore_conflicts=True,
        )
        digests = {d.user_id: d for d in ReminderDigest.objects.filter(run=run)}
        ReminderItem.objects.bulk_create(
            [
                ReminderItem(digest=digests[user_id], cycle=reminder.cycle, kind=reminder.kind)
                for user_id, reminders in pending.items()
                if user_id in digests
                for reminder in reminders
            ]
        )
    return digests


def send_reminders(today=None, now=None):
    """Send today's reminder e-mails, one per person at most; safe to run again on the same day.

    A mail that could not be sent (or was not reached, because the run failed) loses its claim, so the
    next run sends it. Only if the process dies between sending and recording is a claim left without
    `sent_at`; that person is not written to again that day, whether or not the mail went out.
    """
    today = today or timezone.localdate()
    now = now or timezone.now()
    outcome = Outcome()
    pending = due_reminders(today)
    if not pending:
        return outcome
    done_today = set(
        ReminderDigest.objects.filter(sent_on=today, user_id__in=list(pending)).values_list(
            "user_id", flat=True
        )
    )
    pending = {user_id: r for user_id, r in pending.items() if user_id not in done_today}
    if not pending:
        return outcome
    digests = _claim(pending, today)
    if not digests:
        return outcome
    templates = ReminderTemplates.load()
    links = _course_links(r for user_id in digests for r in pending[user_id])
    wants_copy = [user_id for user_id in digests if pending[user_id][0].cycle.user.staff_profile.remind_lotse]
    copies = lotsen_of(wants_copy)
    sent, copied = [], []
    try:
        with get_connection() as connection:
            for user_id, digest in digests.items():
                reminders = pending[user_id]
                user = reminders[0].cycle.user
                message = compose(templates, user, reminders, links, copies.get(user_id, ()))
                try:
                    connection.send_messages([message])
                except (smtplib.SMTPException, OSError):
                    logger.warning("Reminder mail to user %s could not be sent", user_id, exc_info=True)
                    outcome.failed += 1
                    continue
                sent.append(digest.pk)
                if message.cc:
                    copied.append(digest.pk)
    finally:
        # Record what went out, and release the claims of what did not, so that a retry sends them.
        ReminderDigest.objects.filter(pk__in=sent).update(sent_at=now)
        if copied:
            ReminderDigest.objects.filter(pk__in=copied).update(copied_to_lotse=True)
        sent_ids = set(sent)
        unsent = [digest.pk for digest in digests.values() if digest.pk not in sent_ids]
        if unsent:
            ReminderDigest.objects.filter(pk__in=unsent).delete()
    outcome.sent = len(sent)
    outcome.copies = len(copied)
    return outcome
