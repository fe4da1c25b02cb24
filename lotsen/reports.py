"""Aggregates for the coordination: coverage, activity and quota use; small groups are suppressed here."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learning.models import OrgUnit, StaffProfile

from . import services
from .models import CoachingSession, HelpRequest, Lotse, MeetingFormat

MIN_GROUP = 5
SUPPRESSED = _("weniger als 5")
MONTHS = 12


def is_small(people):
    return people < MIN_GROUP


def suppress_small(people):
    """A count of people as shown on screen and in exports: "weniger als 5" below the threshold."""
    return SUPPRESSED if is_small(people) else people


def _shown(value, people):
    """Any other figure about a group of `people` is suppressed together with the head count."""
    return SUPPRESSED if is_small(people) else value


# Coverage
@dataclass
class CoverageRow:
    unit: OrgUnit
    parent_name: str
    lotsen: list
    staff: int

    @property
    def covered(self):
        return _("ja") if self.lotsen else _("nein")

    @property
    def lotsen_names(self):
        return ", ".join(self.lotsen)

    @property
    def staff_display(self):
        return suppress_small(self.staff)


def coverage():
    """Each org unit: is there an active Lotse for it (directly or through a parent unit)? Four queries."""
    units = list(OrgUnit.objects.select_related("parent").order_by("parent__name", "name"))
    parents = {unit.pk: unit.parent_id for unit in units}
    covering = defaultdict(set)
    for lotse in Lotse.objects.filter(active=True).select_related("user").prefetch_related("org_units"):
        for unit in lotse.org_units.all():
            covering[unit.pk].add(lotse.name)
    staff = dict(
        StaffProfile.objects.filter(user__is_active=True)
        .values_list("org_unit_id")
        .annotate(count=Count("pk"))
        .values_list("org_unit_id", "count")
    )
    rows = []
    for unit in units:
        names, unit_id, seen = set(), unit.pk, set()
        while unit_id is not None and unit_id not in seen:
            seen.add(unit_id)
            names |= covering[unit_id]
            unit_id = parents.get(unit_id)
        rows.append(
            CoverageRow(unit, unit.parent.name if unit.parent else "", sorted(names), staff.get(unit.pk, 0))
        )
    return rows


# Requests and sessions per month by topic and format
FORMAT_LABELS = dict(MeetingFormat.choices)
NO_TOPIC = _("ohne Thema")


@dataclass
class ActivityRow:
    month: datetime.date
    kind: str
    topic: str
    format: str
    people_ids: set = field(default_factory=set)
    anonymous: int = 0
    count: int = 0
    minutes: int | None = None

    @property
    def people(self):
        return len(self.people_ids) + self.anonymous

    @property
    def month_label(self):
        return self.month.strftime("%m/%Y")

    @property
    def people_display(self):
        return suppress_small(self.people)

    @property
    def count_display(self):
        return _shown(self.count, self.people)

    @property
    def minutes_display(self):
        return "" if self.minutes is None else _shown(self.minutes, self.people)


def activity(today=None):
    """Requests and sessions of the last 12 months, one row per (month, kind, topic, format); 3 queries.

    A session on several topics counts once for each of them.
    """
    first = services.months(today, MONTHS)[-1]
    rows = {}

    def row(month, kind, topic, fmt):
        key = (month, kind, str(topic), fmt)
        if key not in rows:
            rows[key] = ActivityRow(month, kind, str(topic), str(FORMAT_LABELS.get(fmt, fmt)))
        return rows[key]

    requests = HelpRequest.objects.filter(created_at__date__gte=first).values_list(
        "created_at", "competence__title_de", "topic", "preferred_format", "requester_id"
    )
    for created_at, competence, topic, fmt, requester_id in requests:
        month = services.month_start(timezone.localdate(created_at))
        entry = row(month, _("Anfrage"), competence or topic or NO_TOPIC, fmt)
        entry.count += 1
        entry.people_ids.add(requester_id)

    sessions = list(
        CoachingSession.objects.filter(date__gte=first).values_list(
            "pk", "date", "format", "minutes", "coaching__colleague_id", "participant_count"
        )
    )
    topics = defaultdict(list)
    for session_id, title in CoachingSession.competences.through.objects.filter(
        coachingsession_id__in=[s[0] for s in sessions]
    ).values_list("coachingsession_id", "competence__title_de"):
        topics[session_id].append(title)
    for session_id, date, fmt, minutes, colleague_id, participants in sessions:
        for topic in topics[session_id] or [NO_TOPIC]:
            entry = row(services.month_start(date), _("Termin"), topic, fmt)
            entry.count += 1
            entry.minutes = (entry.minutes or 0) + minutes
            if colleague_id:
                entry.people_ids.add(colleague_id)
            else:
                entry.anonymous += participants or 0
    return sorted(rows.values(), key=lambda r: (-r.month.toordinal(), str(r.kind), r.topic, r.format))


# Quota use per month
@dataclass
class QuotaRow:
    month: datetime.date
    lotsen: int
    quota_minutes: int
    used: int

    @property
    def month_label(self):
        return self.month.strftime("%m/%Y")

    @property
    def percent(self):
        return round(100 * self.used / self.quota_minutes) if self.quota_minutes else 0

    @property
    def lotsen_display(self):
        return suppress_small(self.lotsen)

    @property
    def quota_hours_display(self):
        return _shown(round(self.quota_minutes / 60, 1), self.lotsen)

    @property
    def used_hours_display(self):
        return _shown(round(self.used / 60, 1), self.lotsen)

    @property
    def percent_display(self):
        return _shown(self.percent, self.lotsen)


def quota_use(today=None):
    """Per month: the active Lotsen's quota (as configured today) and the time they logged; 2 queries."""
    starts = services.months(today, MONTHS)
    active = list(Lotse.objects.filter(active=True).values_list("pk", "monthly_quota_hours"))
    ids = [pk for pk, _hours in active]
    quota = sum(hours for _pk, hours in active) * 60
    used = defaultdict(int)
    for date, minutes in CoachingSession.objects.filter(lotse_id__in=ids, date__gte=starts[-1]).values_list(
        "date", "minutes"
    ):
        used[services.month_start(date)] += minutes
    return [QuotaRow(month, len(ids), quota, used[month]) for month in starts]


def bars(rows, label, value, people=None, scale=None):
    """Chart bars for rows; a suppressed row gets no bar, since its length would give the number away.

    Bars are relative to `scale`, or to the largest shown value without one.
    """
    small = [people is not None and is_small(people(r)) for r in rows]
    top = (
        scale or max((value(r) for r, hidden in zip(rows, small, strict=True) if not hidden), default=0) or 1
    )
    return [
        {
            "label": label(r),
            "percent": 0 if hidden else min(100, round(100 * value(r) / top)),
            "text": SUPPRESSED if hidden else value(r),
        }
        for r, hidden in zip(rows, small, strict=True)
    ]
