"""Laws of the Lotsen reports, for random sessions and requests (Hypothesis).

Whoever is removed or deactivated afterwards, every published figure stays as it was or is suppressed, and
so does every difference of a total and the cells shown; a shown total never gives a suppressed cell away.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lotsen import reports
from lotsen.models import Coaching, CoachingSession, HelpRequest, Lotse, LotseMembership, ReportSnapshot
from tests.factories import LotseFactory, UserFactory
from tests.factories.courses import competence

pytestmark = pytest.mark.django_db

S = str(reports.SUPPRESSED)
LOTSEN, COLLEAGUES, MONTHS = 7, 8, 3
FORMATS = ["in_person", "video"]

session = st.tuples(
    st.integers(0, LOTSEN - 1),
    st.none() | st.integers(0, COLLEAGUES - 1),  # None: an office hour with a head count only
    st.integers(0, MONTHS - 1),
    st.integers(0, 1),
    st.sampled_from(FORMATS),
    st.integers(1, 120),
    st.integers(1, 9),
)
request = st.tuples(
    st.integers(0, COLLEAGUES - 1), st.none() | st.integers(0, LOTSEN - 1), st.integers(0, MONTHS - 1)
)
victim = st.tuples(st.sampled_from(["lotse", "colleague"]), st.integers(0, LOTSEN - 1))


@pytest.fixture
def people(db):
    lotsen = [LotseFactory(monthly_quota_hours=4 + index) for index in range(LOTSEN)]
    LotseMembership.objects.update(started_on=timezone.localdate() - datetime.timedelta(days=500))
    colleagues = [UserFactory() for _index in range(COLLEAGUES)]
    return lotsen, colleagues, [competence("1.3"), competence("2.1")]


def number(text):
    return float(text.replace(",", "."))


def published():
    """Every figure the reports publish, by a stable key, as text (what screen and exports show)."""
    figures = {}
    sums = {}
    for row in reports.activity():
        key = (row.month_label, row.kind, row.topic, row.format)
        figures[key] = (str(row.people_display), str(row.count_display))
        if not row.is_total and row.count is not None:
            sums[(row.month_label, row.kind)] = sums.get((row.month_label, row.kind), 0) + row.count
    for row in reports.activity():
        if row.is_total:
            shown_sum = sums.get((row.month_label, row.kind), 0)
            difference = S if row.count is None else str(row.count - shown_sum)
            figures[("difference", row.month_label, row.kind)] = difference
    for row in reports.quota_use():
        figures[("quota", row.month_label)] = tuple(
            str(value)
            for value in (
                row.lotsen_display,
                row.quota_hours_display,
                row.used_hours_display,
                row.percent_display,
            )
        )
    return figures


def assert_unchanged_or_suppressed(before, after):
    for key, value in before.items():
        if key not in after:
            continue  # a row without data is no figure
        changed = value != after[key]
        assert not changed or S in value or S in after[key], (key, value, after[key])


def assert_totals_hide_no_cell():
    """A shown total whose cells are not all shown: the hidden cells together pass the cell test."""
    for month in reports.closed_months():
        cells = reports.activity_cells(month)
        published_month = reports.publish_activity(cells)
        for total in published_month["totals"]:
            hidden = [
                cell for (kind, _t, _f), cell in cells.items() if kind == total["kind"] and not cell.passes()
            ]
            if total["count"] is not None and hidden:
                colleagues = set().union(*(cell.colleagues for cell in hidden))
                lotsen = set().union(*(cell.lotsen for cell in hidden))
                assert reports.passes(len(colleagues), len(lotsen))


def build(people, sessions, requests):
    lotsen, colleagues, topics = people
    months = reports.closed_months()
    coachings = {}
    for lotse_index, colleague_index, month_index, topic, fmt, minutes, heads in sessions:
        lotse = lotsen[lotse_index]
        day = months[month_index].replace(day=1 + lotse_index)
        if colleague_index is None:
            row = CoachingSession.objects.create(
                lotse=lotse, kind="group", participant_count=heads, date=day, minutes=minutes, format=fmt
            )
        else:
            pair = (lotse_index, colleague_index)
            if pair not in coachings:
                coachings[pair] = Coaching.objects.create(lotse=lotse, colleague=colleagues[colleague_index])
            row = CoachingSession.objects.create(
                lotse=lotse, coaching=coachings[pair], date=day, minutes=minutes, format=fmt
            )
        row.competences.set([topics[topic]])
    for colleague_index, lotse_index, month_index in requests:
        HelpRequest.objects.create(
            requester=colleagues[colleague_index],
            topic="E-Akte",
            message="Hilfe",
            preferred_format="video",
            status="accepted" if lotse_index is not None else "pool",
            lotse=None if lotse_index is None else lotsen[lotse_index],
            created_at=timezone.make_aware(
                datetime.datetime.combine(months[month_index].replace(day=3), datetime.time(9))
            ),
        )


def fresh(people, who, index):
    """The victim as stored now (an earlier example may have deleted the fixture's instance and rolled back)."""
    lotsen, colleagues, _topics = people
    if who == "colleague":
        return get_user_model().objects.get(pk=colleagues[index].pk)
    return Lotse.objects.get(pk=lotsen[index].pk)


def remove(people, who, index):
    if who == "colleague":
        fresh(people, who, index).delete()
    else:
        lotse = fresh(people, who, index)
        HelpRequest.objects.filter(lotse=lotse).delete()
        CoachingSession.objects.filter(lotse=lotse).delete()
        Coaching.objects.filter(lotse=lotse).delete()
        lotse.user.delete()


def deactivate(people, who, index):
    person = fresh(people, who, index)
    if who == "colleague":
        person.is_active = False
    else:
        person.active = False
    person.save()


# Dense examples, so that cells, totals and months are shown and then hit by the removal.
DENSE = [(i, i, 0, 0, "video", 30 + i, 1) for i in range(LOTSEN)] + [
    (i, None, 0, 0, "video", 60, 4) for i in range(3)
]
DENSE_REQUESTS = [(i, i, 0) for i in range(6)] + [(7, 0, 0), (6, None, 0)]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(sessions=DENSE, requests=DENSE_REQUESTS, victim=("lotse", 0), how="remove")
@example(sessions=DENSE, requests=DENSE_REQUESTS, victim=("colleague", 2), how="remove")
@example(sessions=DENSE, requests=DENSE_REQUESTS, victim=("lotse", 3), how="deactivate")
@example(
    sessions=DENSE + [(i, i, 1, 1, "in_person", 20, 1) for i in range(4)],
    requests=[],
    victim=("lotse", 1),
    how="deactivate",
)
@given(
    sessions=st.lists(session, max_size=60),
    requests=st.lists(request, max_size=12),
    victim=victim,
    how=st.sampled_from(["remove", "deactivate"]),
)
def test_no_one_removed_or_deactivated_changes_a_published_figure(people, sessions, requests, victim, how):
    with transaction.atomic():
        build(people, sessions, requests)
        assert_totals_hide_no_cell()
        before = published()
        if sessions == DENSE:
            assert sum(S not in str(value) for value in before.values()) >= 5  # the example shows figures
        if how == "remove":
            remove(people, *victim)
        else:
            deactivate(people, *victim)
            # Deactivating needs no snapshot: past months count the Lotsen active back then.
            ReportSnapshot.objects.all().delete()
        after = published()
        assert_unchanged_or_suppressed(before, after)
        assert_totals_hide_no_cell()
        transaction.set_rollback(True)
