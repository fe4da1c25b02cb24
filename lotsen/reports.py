"""Aggregates for the coordination: coverage, activity and quota use; small groups are suppressed here.

The rules (docs/lotsen-auswertungen.md): a cell about sessions or requests is shown only when it covers at
least 5 distinct named colleagues and 5 distinct Lotsen (head counts of office hours name nobody, so they do
not count); a total is shown only when the cells it hides together pass the same test, so that no total minus
the cells shown gives a suppressed cell away; only closed months are published, each frozen as a
ReportSnapshot when first read or by the nightly task, so that deleting or deactivating someone later
changes no published figure, and no two readings of the same month can be subtracted from each other.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learning.models import OrgUnit, StaffProfile
from learning.privacy import SUPPRESSED, is_small, suppress_small

from . import services
from .models import CoachingSession, HelpRequest, Lotse, LotseMembership, MeetingFormat, ReportSnapshot

MONTHS = 12


def passes(colleagues, lotsen):
    """The one test of a cell: at least 5 distinct named colleagues and at least 5 distinct Lotsen."""
    return not is_small(colleagues) and not is_small(lotsen)


def shown(value):
    """A published figure; None marks a suppressed one."""
    return SUPPRESSED if value is None else value


def closed_months(today=None, count=MONTHS):
    """First days of the last `count` closed months, newest first (the running month is never published)."""
    return services.months(today, count + 1)[1:]


def frozen(report, months, compute, today=None):
    """{month: data} for closed months: stored snapshots, and the missing ones computed and stored now."""
    current = services.month_start(today or timezone.localdate())
    months = [month for month in months if month < current]
    data = dict(ReportSnapshot.objects.filter(report=report, month__in=months).values_list("month", "data"))
    for month in months:
        if month not in data:
            snapshot, _created = ReportSnapshot.objects.get_or_create(
                report=report, month=month, defaults={"data": compute(month)}
            )
            data[month] = snapshot.data
    return data


def _month_range(month):
    return month, services.next_month_start(month)


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
MONTH_TOTAL = _("Summe des Monats")
ACTIVITY = "activity"


@dataclass
class _Cell:
    colleagues: set = field(default_factory=set)
    lotsen: set = field(default_factory=set)
    anonymous: int = 0
    count: int = 0

    def passes(self):
        return passes(len(self.colleagues), len(self.lotsen))


def activity_cells(month):
    """{(kind, topic, format): _Cell} of one month, from the database; a session counts for each topic."""
    first, end = _month_range(month)
    cells = defaultdict(_Cell)
    requests = HelpRequest.objects.filter(created_at__date__gte=first, created_at__date__lt=end).values_list(
        "competence__title_de", "topic", "preferred_format", "requester_id", "lotse_id"
    )
    for competence, topic, fmt, requester_id, lotse_id in requests:
        cell = cells[
            (str(_("Anfrage")), str(competence or topic or NO_TOPIC), str(FORMAT_LABELS.get(fmt, fmt)))
        ]
        cell.count += 1
        cell.colleagues.add(requester_id)
        if lotse_id:
            cell.lotsen.add(lotse_id)
    sessions = list(
        CoachingSession.objects.filter(date__gte=first, date__lt=end).values_list(
            "pk", "format", "lotse_id", "coaching__colleague_id", "participant_count"
        )
    )
    topics = defaultdict(list)
    for session_id, title in CoachingSession.competences.through.objects.filter(
        coachingsession_id__in=[s[0] for s in sessions]
    ).values_list("coachingsession_id", "competence__title_de"):
        topics[session_id].append(title)
    for session_id, fmt, lotse_id, colleague_id, participants in sessions:
        for topic in topics[session_id] or [NO_TOPIC]:
            cell = cells[(str(_("Termin")), str(topic), str(FORMAT_LABELS.get(fmt, fmt)))]
            cell.count += 1
            cell.lotsen.add(lotse_id)
            if colleague_id:
                cell.colleagues.add(colleague_id)
            else:
                cell.anonymous += participants or 0
    return cells


def publish_activity(cells):
    """What one month of the activity report publishes: cells, and per kind a total of its cells.

    A total is shown when no cell of its kind is suppressed, or when the suppressed cells together pass the
    cell test: then the difference of the total and the cells shown describes 5 colleagues and 5 Lotsen.
    """
    rows, totals = [], {}
    for (kind, topic, fmt), cell in sorted(cells.items()):
        ok = cell.passes()
        rows.append(
            {
                "kind": kind,
                "topic": topic,
                "format": fmt,
                "people": len(cell.colleagues) + cell.anonymous if ok else None,
                "count": cell.count if ok else None,
            }
        )
        total = totals.setdefault(kind, {"count": 0, "colleagues": set(), "lotsen": set(), "hidden": False})
        total["count"] += cell.count
        if not ok:
            total["hidden"] = True
            total["colleagues"] |= cell.colleagues
            total["lotsen"] |= cell.lotsen
    return {
        "cells": rows,
        "totals": [
            {
                "kind": kind,
                "count": t["count"]
                if not t["hidden"] or passes(len(t["colleagues"]), len(t["lotsen"]))
                else None,
            }
            for kind, t in sorted(totals.items())
        ],
    }


@dataclass
class ActivityRow:
    month: datetime.date
    kind: str
    topic: str
    format: str
    people: int | None
    count: int | None
    is_total: bool = False

    @property
    def month_label(self):
        return self.month.strftime("%m/%Y")

    @property
    def people_display(self):
        return "" if self.is_total else shown(self.people)

    @property
    def count_display(self):
        return shown(self.count)


def activity(today=None):
    """Requests and sessions of the last 12 closed months, one row per (month, kind, topic, format) and
    one total per month and kind; frozen per month."""
    months = closed_months(today)
    data = frozen(ACTIVITY, months, lambda month: publish_activity(activity_cells(month)), today)
    rows = []
    for month in months:
        published = data[month]
        for cell in published["cells"]:
            rows.append(
                ActivityRow(month, cell["kind"], cell["topic"], cell["format"], cell["people"], cell["count"])
            )
        for total in published["totals"]:
            rows.append(ActivityRow(month, total["kind"], str(MONTH_TOTAL), "", None, total["count"], True))
    return rows


# Quota use per month
QUOTA = "quota"
QUOTA_QUARTER = "quota_quarter"


def members(first, end):
    """Ids of the Lotsen active on at least one day of [first, end)."""
    return set(
        LotseMembership.objects.filter(started_on__lt=end)
        .exclude(ended_on__lt=first)
        .values_list("lotse_id", flat=True)
    )


def quota_people(months):
    """(distinct colleagues, distinct Lotsen) in the sessions that the members of each month logged."""
    colleagues, lotsen = set(), set()
    for month in months:
        first, end = _month_range(month)
        for lotse_id, colleague_id in CoachingSession.objects.filter(
            lotse_id__in=members(first, end), date__gte=first, date__lt=end
        ).values_list("lotse_id", "coaching__colleague_id"):
            lotsen.add(lotse_id)
            if colleague_id:
                colleagues.add(colleague_id)
    return len(colleagues), len(lotsen)


def quota_month(month):
    """One month of the quota report: the Lotsen active in it, their quota and the time they logged.

    The raw sums are kept in the snapshot (aggregates only) so that a quarter row can add up suppressed months.
    """
    first, end = _month_range(month)
    ids = members(first, end)
    quota = sum(Lotse.objects.filter(pk__in=ids).values_list("monthly_quota_hours", flat=True)) * 60
    used = sum(
        CoachingSession.objects.filter(lotse_id__in=ids, date__gte=first, date__lt=end).values_list(
            "minutes", flat=True
        )
    )
    colleagues, lotsen = quota_people([month])
    return {
        "lotsen": len(ids),
        "quota_minutes": quota,
        "used_minutes": used,
        "shown": passes(colleagues, lotsen),
    }


def quarter_start(month):
    return month.replace(month=(month.month - 1) // 3 * 3 + 1)


def quarter_months(start):
    return [start.replace(month=start.month + offset) for offset in range(3)]


def hours(minutes):
    return round(minutes / 60, 1)


@dataclass
class QuotaRow:
    label: str
    lotsen: int | None
    quota_minutes: int | None
    used: int | None
    is_quarter: bool = False

    @property
    def month_label(self):
        return self.label

    @property
    def percent(self):
        if self.used is None:
            return None
        return round(100 * self.used / self.quota_minutes) if self.quota_minutes else 0

    @property
    def lotsen_display(self):
        return "" if self.is_quarter else shown(self.lotsen)

    @property
    def quota_hours_display(self):
        return shown(None if self.quota_minutes is None else hours(self.quota_minutes))

    @property
    def used_hours_display(self):
        return shown(None if self.used is None else hours(self.used))

    @property
    def percent_display(self):
        return shown(self.percent)


def quota_use(today=None):
    """Per closed month: the Lotsen active in that month, their quota and the time they logged, frozen.

    A month that does not pass the cell test shows only "weniger als 5"; once its quarter is closed, the
    quarter's suppressed months are shown together in one row when together they pass (hours, no head count).
    The months shown and that row never overlap, so no subtraction gives a suppressed month away.
    """
    months = closed_months(today)
    quarters = sorted({quarter_start(month) for month in months}, reverse=True)
    every_month = sorted({m for q in quarters for m in quarter_months(q)}, reverse=True)
    data = frozen(QUOTA, every_month, quota_month, today)

    def combine(start):
        hidden = [m for m in quarter_months(start) if not data[m]["shown"]]
        colleagues, lotsen = quota_people(hidden)
        ok = passes(colleagues, lotsen)
        return {
            "months": [m.strftime("%m/%Y") for m in hidden],
            "quota_minutes": sum(data[m]["quota_minutes"] for m in hidden) if ok else None,
            "used_minutes": sum(data[m]["used_minutes"] for m in hidden) if ok else None,
        }

    closed_quarters = [q for q in quarters if quarter_months(q)[-1] in data]
    incomplete = [q for q in closed_quarters if not all(data[m]["shown"] for m in quarter_months(q))]
    combined = frozen(QUOTA_QUARTER, incomplete, combine, today)
    rows = []
    for month in months:
        month_data = data[month]
        ok = month_data["shown"]
        rows.append(
            QuotaRow(
                month.strftime("%m/%Y"),
                month_data["lotsen"] if ok else None,
                month_data["quota_minutes"] if ok else None,
                month_data["used_minutes"] if ok else None,
            )
        )
        if month == quarter_start(month) and month in combined:
            quarter = combined[month]
            label = _("Quartal %(quarter)s/%(year)s: %(months)s zusammen") % {
                "quarter": (month.month - 1) // 3 + 1,
                "year": month.year,
                "months": ", ".join(quarter["months"]),
            }
            rows.append(QuotaRow(str(label), None, quarter["quota_minutes"], quarter["used_minutes"], True))
    return rows


def freeze_closed_months(today=None):
    """Write the snapshots of every closed month the reports show (the nightly task; idempotent)."""
    activity(today)
    quota_use(today)
    return ReportSnapshot.objects.count()


def bars(rows, label, value, scale=None):
    """Chart bars for rows; a suppressed value (None) gets no bar, since its length would give it away.

    Bars are relative to `scale`, or to the largest shown value without one.
    """
    values = [value(r) for r in rows]
    top = scale or max((v for v in values if v is not None), default=0) or 1
    return [
        {
            "label": label(r),
            "percent": 0 if v is None else min(100, round(100 * v / top)),
            "text": shown(v),
        }
        for r, v in zip(rows, values, strict=True)
    ]
