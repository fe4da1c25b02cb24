"""Routing of help requests: org unit (with parent units), topic, free quota, declines and the pool."""

import datetime

import pytest
from django.utils import timezone

from lotsen import routing, services
from lotsen.models import HelpRequest
from tests.factories import LotseFactory, OrgUnitFactory, SessionFactory, competence, staff


def candidate(lotse_id, units=(), competences=(), tags=(), free=480):
    return routing.Candidate(lotse_id, frozenset(units), frozenset(competences), frozenset(tags), free)


NEED = routing.Need(unit_chain=(11, 10, 1), competence_id=42)


def test_prefers_the_own_unit_over_a_parent_unit():
    parent = candidate(1, units=[10], competences=[42], free=600)
    own = candidate(2, units=[11], competences=[42], free=60)
    assert routing.choose([parent, own], NEED) == 2


def test_parent_unit_covers_its_teams_and_nearer_parents_win():
    root = candidate(1, units=[1], competences=[42])
    area = candidate(2, units=[10], competences=[42])
    assert routing.choose([root, area], NEED) == 2
    assert routing.choose([root], NEED) == 1


def test_then_the_most_free_quota():
    busy = candidate(1, units=[11], competences=[42], free=30)
    free = candidate(2, units=[11], competences=[42], free=300)
    assert routing.choose([busy, free], NEED) == 2


def test_without_topic_quota_or_coverage_nobody_is_chosen():
    assert routing.choose([candidate(1, units=[11], competences=[7])], NEED) is None
    assert routing.choose([candidate(1, units=[11], competences=[42], free=0)], NEED) is None
    assert routing.choose([candidate(1, units=[99], competences=[42])], NEED) is None
    assert (
        routing.choose([candidate(1, units=[11], competences=[42])], routing.Need(competence_id=42)) is None
    )


def test_free_topics_match_tags_ignoring_case_and_declines_are_excluded():
    need = routing.Need(unit_chain=(11,), topic="E-Akte")
    first = candidate(1, units=[11], tags=["e-akte"], free=500)
    second = candidate(2, units=[11], tags=["e-akte"], free=100)
    assert routing.choose([first, second], need) == 1
    assert routing.choose([first, second], need, exclude={1}) == 2


@pytest.mark.django_db
def test_route_through_the_database_uses_parent_units_and_logged_minutes():
    area = OrgUnitFactory(name="Leistungsgewährung")
    team = OrgUnitFactory(name="Leistungsteam 2", parent=area)
    requester = staff(team, username="lena")
    nearby = LotseFactory(org_units=[area], codes=["4.2"], monthly_quota_hours=1)
    other = LotseFactory(org_units=[area], codes=["4.2"], monthly_quota_hours=1)
    LotseFactory(org_units=[OrgUnitFactory(name="Eingangszone")], codes=["4.2"])  # does not cover the team
    LotseFactory(org_units=[area], codes=["1.1"])  # has another topic
    # `nearby` used up 50 of 60 minutes this month, `other` only 10.
    SessionFactory(coaching__lotse=nearby, lotse=nearby, minutes=50, date=timezone.localdate())
    SessionFactory(coaching__lotse=other, lotse=other, minutes=10, date=timezone.localdate())
    SessionFactory(  # last month does not count
        coaching__lotse=other,
        lotse=other,
        minutes=55,
        date=timezone.localdate().replace(day=1) - datetime.timedelta(days=1),
    )

    help_request = services.create_request(
        requester,
        message="Darf ich das per E-Mail senden?",
        preferred_format="video",
        competence=competence("4.2"),
    )
    assert help_request.status == HelpRequest.Status.ASSIGNED
    assert help_request.lotse == other

    again = services.decline(help_request)
    assert again.lotse == nearby and again.status == HelpRequest.Status.ASSIGNED
    pooled = services.decline(again)
    assert pooled.lotse is None and pooled.status == HelpRequest.Status.POOL


@pytest.mark.django_db
def test_without_org_unit_the_request_goes_to_the_pool(lotse):
    from tests.factories import UserFactory

    help_request = services.create_request(
        UserFactory(), message="Hilfe", preferred_format="phone", topic="E-Akte"
    )
    assert help_request.status == HelpRequest.Status.POOL and help_request.lotse is None
