"""Retention of the Lotsen data: with the clock moved past each period, what has expired goes, the rest stays."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from learning import retention
from lotsen.models import Coaching, CoachingSession, HelpRequest, PrivateNote, SelfAssessment, SelfCheck
from tests.factories import CoachingFactory, HelpRequestFactory, SessionFactory, UserFactory, competence

T0 = datetime(2024, 1, 15, 9, 0, tzinfo=UTC)
LOTSEN_CATEGORIES = {"self_checks", "coachings", "sessions", "help_requests"}


def at(moment):
    return time_machine.travel(moment, tick=False)


def self_check(user):
    check = SelfCheck.objects.create(user=user)
    SelfAssessment.objects.create(self_check=check, user=user, competence=competence("4.2"), level=3)
    return check


def session_with_note(coaching, text="Wirkt unsicher bei der E-Akte."):
    session = SessionFactory(coaching=coaching)
    PrivateNote.objects.create(session=session, author=coaching.lotse.user, text=text)
    return session


def test_lotsen_register_their_categories():
    assert {purge.category for purge in retention.purges()} >= LOTSEN_CATEGORIES


def test_self_checks_go_with_their_assessments_after_their_period(colleague):
    with at(T0):
        old = self_check(colleague)
    with at(T0 + timedelta(days=600)):
        fresh = self_check(colleague)
    with at(T0 + timedelta(days=2 * 366)):
        assert retention.apply()["self_checks"] == 1
    assert list(SelfCheck.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not SelfAssessment.objects.filter(self_check_id=old.pk).exists()
    assert SelfAssessment.objects.filter(self_check=fresh).count() == 1


def test_ended_coachings_go_with_their_sessions_and_private_notes(lotse, colleague):
    other = UserFactory()
    with at(T0):
        ended = CoachingFactory(lotse=lotse, colleague=colleague)
        old_session = session_with_note(ended)
        Coaching.objects.filter(pk=ended.pk).update(ended_at=T0)
        running = CoachingFactory(lotse=lotse, colleague=other)
        running_session = session_with_note(running)
    with at(T0 + timedelta(days=300)):
        recently = CoachingFactory(lotse=lotse, colleague=colleague)
        Coaching.objects.filter(pk=recently.pk).update(ended_at=T0 + timedelta(days=300))
    with at(T0 + timedelta(days=367)):
        counts = retention.apply()

    assert counts["coachings"] == 1
    assert set(Coaching.objects.values_list("pk", flat=True)) == {running.pk, recently.pk}
    assert not CoachingSession.objects.filter(pk=old_session.pk).exists()
    assert list(PrivateNote.objects.values_list("session_id", flat=True)) == [running_session.pk]
    assert counts["sessions"] == 0  # the old session went with its coaching, not as one left behind


def test_sessions_without_a_coaching_go_after_their_date(lotse):
    with at(T0):
        group = SessionFactory(
            coaching=None, lotse=lotse, kind=CoachingSession.Kind.GROUP, participant_count=6
        )
        orphan = session_with_note(CoachingFactory(lotse=lotse))
        orphan.coaching.delete()  # the coaching's link is set to None; the session and its note stay
    with at(T0 + timedelta(days=300)):
        fresh = SessionFactory(
            coaching=None, lotse=lotse, kind=CoachingSession.Kind.GROUP, participant_count=5
        )
    assert PrivateNote.objects.filter(session=orphan).exists()
    with at(T0 + timedelta(days=367)):
        assert retention.apply()["sessions"] == 2
    assert list(CoachingSession.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert group.pk not in CoachingSession.objects.values_list("pk", flat=True)
    assert not PrivateNote.objects.exists()


@pytest.mark.parametrize("status", [HelpRequest.Status.DONE, HelpRequest.Status.WITHDRAWN])
def test_closed_help_requests_go_months_after_they_were_closed(colleague, status):
    with at(T0 - timedelta(days=30)):
        closed = HelpRequestFactory(requester=colleague)
        waiting = HelpRequestFactory(requester=colleague)
    with at(T0):
        closed.status = status
        closed.save()
    with at(T0 + timedelta(days=150)):
        recent = HelpRequestFactory(requester=colleague, status=status)
    with at(T0 + timedelta(days=185)):
        assert retention.apply()["help_requests"] == 1
    assert set(HelpRequest.objects.values_list("pk", flat=True)) == {waiting.pk, recent.pk}


def test_twice_is_once_and_a_dry_run_changes_nothing(lotse, colleague):
    with at(T0):
        self_check(colleague)
        ended = CoachingFactory(lotse=lotse, colleague=colleague)
        session_with_note(ended)
        Coaching.objects.filter(pk=ended.pk).update(ended_at=T0)
        SessionFactory(coaching=None, lotse=lotse, kind=CoachingSession.Kind.GROUP, participant_count=6)
        HelpRequestFactory(requester=colleague, status=HelpRequest.Status.DONE)
    later = T0 + timedelta(days=3 * 365)

    out = StringIO()
    with at(later):
        call_command("apply_retention", "--dry-run", stdout=out)
    assert "Kompetenz-Checks (24 Monate): 1" in out.getvalue()
    assert "abgeschlossene Hilfeanfragen (6 Monate): 1" in out.getvalue()
    assert (SelfCheck.objects.count(), Coaching.objects.count(), CoachingSession.objects.count()) == (1, 1, 2)
    assert HelpRequest.objects.count() == 1 and PrivateNote.objects.count() == 1

    with at(later):
        first = retention.apply()
        second = retention.apply()
    assert {category: first[category] for category in LOTSEN_CATEGORIES} == dict.fromkeys(
        LOTSEN_CATEGORIES, 1
    )
    assert {category: second[category] for category in LOTSEN_CATEGORIES} == dict.fromkeys(
        LOTSEN_CATEGORIES, 0
    )
    assert not (SelfCheck.objects.exists() or Coaching.objects.exists() or CoachingSession.objects.exists())
    assert not (HelpRequest.objects.exists() or PrivateNote.objects.exists())
