"""Retention: with the clock moved past each period, what has expired goes (files included), the rest stays."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from celery.schedules import crontab
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings

from courses.models import AccessibilityFeedback
from learning import privacy, retention
from learning.models import (
    AccessLogEntry,
    AccountDeactivation,
    Certificate,
    Enrolment,
    LessonProgress,
    QuizAttempt,
    RetentionRun,
)
from learning.settings.base import CELERY_BEAT_SCHEDULE, RETENTION, RETENTION_DEFAULTS, env_period
from tests.factories import CoursePageFactory, LessonPageFactory, UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]
User = get_user_model()

# A moment long ago; each test moves the clock from here past one period.
T0 = datetime(2024, 1, 15, 9, 0, tzinfo=UTC)


def at(moment):
    return time_machine.travel(moment, tick=False)


def run(dry_run=False):
    """apply() as the nightly task runs it: with the callbacks that follow a commit (file deletions)."""
    return retention.apply(dry_run=dry_run)


@pytest.fixture
def run_committed(django_capture_on_commit_callbacks):
    def run_and_commit(dry_run=False):
        with django_capture_on_commit_callbacks(execute=True):
            return run(dry_run)

    return run_and_commit


@pytest.fixture
def course(catalog_page):
    return CoursePageFactory(parent=catalog_page, title="Datenschutz im Jobcenter", certificate_enabled=True)


@pytest.fixture
def lesson(course):
    return LessonPageFactory(parent=course, title="Sozialgeheimnis")


def watched(user, lesson, completed_at):
    """A lesson watched and completed, and its course completed, at `completed_at`."""
    Enrolment.objects.create(user=user, course=lesson.get_parent().specific, completed_at=completed_at)
    return LessonProgress.objects.create(
        user=user,
        lesson=lesson,
        intervals=[[0.0, 40.0], [50.0, 100.0]],
        position=100.0,
        coverage=0.9,
        completed_at=completed_at,
        heartbeat_at=completed_at,
        allowance=12.0,
    )


def certificate(user, course, valid_until, completed_at=T0):
    enrolment, _ = Enrolment.objects.get_or_create(
        user=user, course=course, defaults={"completed_at": completed_at}
    )
    cert = Certificate.objects.create(
        enrolment=enrolment,
        user=user,
        course=course,
        completed_at=completed_at,
        valid_until=valid_until,
        holder_name=user.get_full_name(),
        course_title=course.title,
    )
    cert.pdf.save(f"{cert.verification_code}.pdf", ContentFile(b"%PDF-1.4 Zertifikat"))
    return cert


def file_exists(cert):
    return cert.pdf.storage.exists(cert.pdf.name)


# One case per category.


def test_progress_detail_is_emptied_after_the_course_was_completed_and_the_completion_stays(lesson):
    old, fresh, unfinished = UserFactory(), UserFactory(), UserFactory()
    with at(T0):
        old_progress = watched(old, lesson, T0)
        Enrolment.objects.create(user=unfinished, course=lesson.get_parent().specific)
        open_progress = LessonProgress.objects.create(user=unfinished, lesson=lesson, intervals=[[0.0, 5.0]])
    with at(T0 + timedelta(days=80)):
        fresh_progress = watched(fresh, lesson, T0 + timedelta(days=80))
    with at(T0 + timedelta(days=91)):
        assert run()["progress_detail"] == 1

    old_progress.refresh_from_db()
    assert (old_progress.intervals, old_progress.position, old_progress.heartbeat_at) == ([], 0, None)
    assert old_progress.completed_at == T0 and old_progress.coverage == 0.9
    assert Enrolment.objects.get(user=old).completed_at == T0
    fresh_progress.refresh_from_db()
    assert fresh_progress.intervals == [[0.0, 40.0], [50.0, 100.0]]
    open_progress.refresh_from_db()
    assert open_progress.intervals == [[0.0, 5.0]]  # the course is not completed: the learner resumes here


def test_progress_detail_is_emptied_only_in_the_course_that_was_completed(catalog_page):
    done_course = CoursePageFactory(parent=catalog_page, title="Abgeschlossen")
    open_course = CoursePageFactory(parent=catalog_page, title="Noch offen")
    done_lesson = LessonPageFactory(parent=done_course)
    open_lesson = LessonPageFactory(parent=open_course)
    learner = UserFactory()
    with at(T0):
        watched(learner, done_lesson, T0)
        Enrolment.objects.create(user=learner, course=open_course)
        open_progress = LessonProgress.objects.create(
            user=learner, lesson=open_lesson, intervals=[[0.0, 5.0]]
        )
    with at(T0 + timedelta(days=91)):
        assert run()["progress_detail"] == 1
    open_progress.refresh_from_db()
    assert open_progress.intervals == [[0.0, 5.0]]
    assert LessonProgress.objects.get(lesson=done_lesson).intervals == []


@pytest.mark.parametrize("count", [1, 50])
def test_the_progress_detail_purge_reads_per_course_not_per_learner(
    lesson, count, django_assert_max_num_queries
):
    with at(T0):
        for _ in range(count):
            watched(UserFactory(), lesson, T0)
    # The lessons, the courses, the rows with details of the one course, one UPDATE of up to 500 rows.
    with django_assert_max_num_queries(4):
        emptied = retention.purge_progress_detail(T0 + timedelta(days=1), T0 + timedelta(days=91), False)
    assert emptied == count
    assert not LessonProgress.objects.exclude(intervals=[]).exists()


def test_quiz_attempts_go_after_their_period(lesson):
    user = UserFactory()
    attempt = {"user": user, "lesson": lesson, "check_id": "c1", "score": 0.5, "passed": False}
    with at(T0):
        old = QuizAttempt.objects.create(**attempt)
    with at(T0 + timedelta(days=300)):
        fresh = QuizAttempt.objects.create(**attempt)
    with at(T0 + timedelta(days=366)):
        assert run()["quiz_attempts"] == 1
    assert list(QuizAttempt.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert old.pk not in QuizAttempt.objects.values_list("pk", flat=True)


def test_expired_certificates_go_with_their_pdf_years_after_their_validity(course, run_committed):
    holder, other, lifelong = UserFactory(), UserFactory(), UserFactory()
    with at(T0):
        expired = certificate(holder, course, valid_until=T0.date())
        still_kept = certificate(other, course, valid_until=(T0 + timedelta(days=400)).date())
        without_end = certificate(lifelong, course, valid_until=None)
    assert file_exists(expired)
    with at(T0 + timedelta(days=3 * 365 + 2)):
        assert run_committed()["expired_certificates"] == 1

    assert set(Certificate.objects.values_list("pk", flat=True)) == {still_kept.pk, without_end.pk}
    assert not file_exists(expired)
    assert file_exists(still_kept) and file_exists(without_end)


def test_revoked_certificates_count_from_their_revocation(course, run_committed):
    with at(T0):
        revoked = certificate(UserFactory(), course, valid_until=None)
        Certificate.objects.filter(pk=revoked.pk).update(revoked_at=T0, revoke_reason="Irrtum")
    with at(T0 + timedelta(days=3 * 365 + 2)):
        assert run_committed()["expired_certificates"] == 1
    assert not Certificate.objects.exists()
    assert not file_exists(revoked)


def test_handled_accessibility_feedback_goes_after_its_period_counted_from_its_receipt(db):
    with at(T0):
        handled = AccessibilityFeedback.objects.create(message="Kontrast zu schwach", handled=True)
        open_one = AccessibilityFeedback.objects.create(message="Video ohne Untertitel")
    with at(T0 + timedelta(days=300)):
        fresh = AccessibilityFeedback.objects.create(message="PDF nicht lesbar", handled=True)
    with at(T0 + timedelta(days=367)):
        assert run()["accessibility_feedback"] == 1
    remaining = set(AccessibilityFeedback.objects.values_list("pk", flat=True))
    assert remaining == {open_one.pk, fresh.pk}
    assert handled.pk not in remaining


def test_access_log_entries_go_after_their_period(db):
    viewer, subject = UserFactory(), UserFactory()
    with at(T0):
        privacy.log_access(viewer, subject, AccessLogEntry.Action.VIEW_PROGRESS, "Coaching #1")
    with at(T0 + timedelta(days=600)):
        fresh = privacy.log_access(viewer, subject, AccessLogEntry.Action.VIEW_PROGRESS, "Coaching #1")
    with at(T0 + timedelta(days=2 * 366)):
        assert run()["access_log"] == 1
    assert list(AccessLogEntry.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_accounts_go_months_after_their_deactivation_with_their_certificate_pdfs(course, run_committed):
    with at(T0):
        leaver, active = UserFactory(username="ehemalig"), UserFactory(username="aktiv")
        cert = certificate(leaver, course, valid_until=None)
        leaver.is_active = False
        leaver.save()
    with at(T0 + timedelta(days=150)):
        recent = UserFactory(username="kuerzlich")
        recent.is_active = False
        recent.save(update_fields=["is_active"])
    assert AccountDeactivation.objects.get(user=leaver).deactivated_at == T0
    with at(T0 + timedelta(days=185)):
        assert run_committed()["inactive_accounts"] == 1

    assert set(User.objects.values_list("username", flat=True)) >= {"aktiv", "kuerzlich"}
    assert not User.objects.filter(username="ehemalig").exists()
    assert not Certificate.objects.filter(pk=cert.pk).exists()
    assert not file_exists(cert)
    assert active.is_active


def test_an_account_deactivated_in_bulk_gets_a_full_period_from_the_first_run(db):
    with at(T0):
        UserFactory(username="alt")
        User.objects.filter(username="alt").update(is_active=False)  # no signal: no deactivation recorded
    with at(T0 + timedelta(days=400)):
        assert run()["inactive_accounts"] == 0
        assert User.objects.filter(username="alt").exists()
    with at(T0 + timedelta(days=400 + 185)):
        assert run()["inactive_accounts"] == 1
    assert not User.objects.filter(username="alt").exists()


def test_reactivating_an_account_starts_a_new_period(db):
    with at(T0):
        user = UserFactory()
        user.is_active = False
        user.save()
    with at(T0 + timedelta(days=100)):
        user.is_active = True
        user.save()
    assert not AccountDeactivation.objects.filter(user=user).exists()
    with at(T0 + timedelta(days=170)):
        user.is_active = False
        user.save()
    with at(T0 + timedelta(days=200)):
        assert run()["inactive_accounts"] == 0
    assert User.objects.filter(pk=user.pk).exists()


def test_expired_sessions_are_cleared(db):
    with at(T0):
        expired = SessionStore()
        expired.set_expiry(60)
        expired.save()
        valid = SessionStore()
        valid.set_expiry(3600)
        valid.save()
    with at(T0 + timedelta(minutes=5)):
        assert run()[retention.SESSIONS] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [valid.session_key]


# Files go with their rows, whatever deletes them.


def test_a_certificate_pdf_goes_when_its_account_or_enrolment_is_deleted(
    course, django_capture_on_commit_callbacks
):
    first, second = UserFactory(), UserFactory()
    by_account, by_enrolment = certificate(first, course, None), certificate(second, course, None)
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
        Enrolment.objects.filter(user=second).delete()
    assert not file_exists(by_account)
    assert not file_exists(by_enrolment)


def test_a_rolled_back_deletion_keeps_the_pdf(course, django_capture_on_commit_callbacks):
    cert = certificate(UserFactory(), course, None)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cert.delete()
    assert len(callbacks) == 1  # the file is deleted only once the deletion is committed
    assert file_exists(cert)


# Twice is once, dry runs change nothing, each real run leaves a summary.


@pytest.fixture
def expired_everything(lesson, course):
    """One expired row per learning category."""
    with at(T0):
        learner = UserFactory(username="lernende", first_name="Lena", last_name="Lernwillig")
        watched(learner, lesson, T0)
        QuizAttempt.objects.create(user=learner, lesson=lesson, check_id="c", score=1, passed=True)
        cert = certificate(learner, course, valid_until=T0.date())
        AccessibilityFeedback.objects.create(message="Kontrast", handled=True)
        privacy.log_access(UserFactory(), learner, AccessLogEntry.Action.VIEW_PROGRESS, "Coaching #7")
        leaver = UserFactory(username="gegangen")
        leaver.is_active = False
        leaver.save()
    return cert


LATER = T0 + timedelta(days=5 * 365)


def test_twice_is_once_and_each_run_leaves_a_summary_without_names(expired_everything, run_committed):
    with at(LATER):
        first = run_committed()
    with at(LATER + timedelta(hours=1)):
        second = run_committed()

    for category in ["progress_detail", "quiz_attempts", "expired_certificates", "accessibility_feedback"]:
        assert first[category] == 1, category
    # The view of Lena's progress and the leaver's deactivation (a security event): both expired.
    assert first["access_log"] == 2 and first["inactive_accounts"] == 1
    assert set(second.values()) == {0}
    assert not file_exists(expired_everything)

    runs = list(RetentionRun.objects.order_by("started_at"))
    assert [r.counts for r in runs] == [first, second]
    assert runs[0].started_at == LATER and runs[0].finished_at >= runs[0].started_at
    assert runs[0].failed == []
    summary = json.dumps(runs[0].counts)
    for name in ("lernende", "Lena", "Lernwillig", "gegangen", "Coaching #7"):
        assert name not in summary


def test_dry_run_prints_the_counts_and_changes_nothing(
    expired_everything, django_capture_on_commit_callbacks
):
    before = {
        model: model.objects.count()
        for model in (
            QuizAttempt,
            Certificate,
            AccessibilityFeedback,
            AccessLogEntry,
            User,
            AccountDeactivation,
        )
    }
    out = StringIO()
    with at(LATER), django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", "--dry-run", stdout=out)

    text = out.getvalue()
    assert "Probelauf" in text and "Nichts wurde geändert" in text
    assert "Versuche im Wissenscheck (365 Tage): 1" in text
    assert "abgelaufene Zertifikate (3 Jahre): 1" in text
    assert "deaktivierte Benutzerkonten (6 Monate): 1" in text
    assert {model: model.objects.count() for model in before} == before
    assert LessonProgress.objects.get().intervals == [[0.0, 40.0], [50.0, 100.0]]
    assert file_exists(expired_everything)
    assert not RetentionRun.objects.exists()


@override_settings(DEBUG=False, LERNHAFEN_DEMO_ALLOWED=False)
def test_a_dry_run_is_allowed_where_the_demo_is_not(expired_everything):
    out = StringIO()
    with at(LATER):
        call_command("apply_retention", "--dry-run", stdout=out)
    assert "Versuche im Wissenscheck (365 Tage): 1" in out.getvalue()
    assert QuizAttempt.objects.count() == 1


def test_the_command_deletes_and_says_how_much(expired_everything):
    out = StringIO()
    with at(LATER):
        call_command("apply_retention", stdout=out)
    assert "Aufbewahrungsfristen angewendet" in out.getvalue()
    assert not QuizAttempt.objects.exists()
    assert RetentionRun.objects.count() == 1


def test_a_failing_category_is_logged_and_the_others_still_go(expired_everything, caplog):
    def broken(cutoff, now, dry_run):
        raise RuntimeError("Datenbank weg")

    original = retention._purges["quiz_attempts"]
    retention.register_purge("quiz_attempts", original.label, broken)
    try:
        with at(LATER):
            counts = run()
    finally:
        retention._purges["quiz_attempts"] = original
    assert "quiz_attempts" not in counts and counts["access_log"] == 2
    assert RetentionRun.objects.get().failed == ["quiz_attempts"]
    assert "quiz_attempts" in caplog.text
    assert QuizAttempt.objects.exists()


@override_settings(RETENTION={**RETENTION, "quiz_attempts": {"days": 30}})
def test_periods_come_from_the_setting(lesson):
    with at(T0):
        QuizAttempt.objects.create(user=UserFactory(), lesson=lesson, check_id="c", score=1, passed=True)
    with at(T0 + timedelta(days=31)):
        assert run()["quiz_attempts"] == 1


# The registry, the schedule and the task.


def test_every_category_of_the_setting_has_a_purge_and_the_task_is_scheduled_daily():
    assert {purge.category for purge in retention.purges()} == {*RETENTION, retention.SESSIONS}
    entry = next(e for e in CELERY_BEAT_SCHEDULE.values() if e["task"] == "learning.apply_retention")
    assert isinstance(entry["schedule"], crontab)  # once a day, at night


def test_a_purge_for_an_unknown_category_is_refused():
    with pytest.raises(ImproperlyConfigured, match="quiz_attempt"):
        retention.register_purge("quiz_attempt", "Tippfehler", lambda cutoff, now, dry_run: 0)


def test_the_task_applies_retention(expired_everything):
    from learning.tasks import apply_retention

    with at(LATER):
        counts = apply_retention.run()
    assert counts["quiz_attempts"] == 1
    assert RetentionRun.objects.count() == 1


# Bad input: a period that is not a positive whole number stops start-up and names the variable.


def test_periods_default_when_unset_or_empty(monkeypatch):
    monkeypatch.delenv("LERNHAFEN_RETENTION_QUIZ_ATTEMPTS_DAYS", raising=False)
    assert env_period("LERNHAFEN_RETENTION_QUIZ_ATTEMPTS_DAYS", 365, "days") == {"days": 365}
    monkeypatch.setenv("LERNHAFEN_RETENTION_QUIZ_ATTEMPTS_DAYS", "  ")
    assert env_period("LERNHAFEN_RETENTION_QUIZ_ATTEMPTS_DAYS", 365, "days") == {"days": 365}
    monkeypatch.setenv("LERNHAFEN_RETENTION_QUIZ_ATTEMPTS_DAYS", " 30 ")
    assert env_period("LERNHAFEN_RETENTION_QUIZ_ATTEMPTS_DAYS", 365, "days") == {"days": 30}


@pytest.mark.parametrize("value", ["0", "-5", "1.5", "zehn", "30d", "1e3", "²", "+7", "36501"])
def test_a_period_that_is_not_a_positive_whole_number_is_refused_by_name(monkeypatch, value):
    monkeypatch.setenv("LERNHAFEN_RETENTION_QUIZ_ATTEMPTS_DAYS", value)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_period("LERNHAFEN_RETENTION_QUIZ_ATTEMPTS_DAYS", 365, "days")
    assert "LERNHAFEN_RETENTION_QUIZ_ATTEMPTS_DAYS" in str(refused.value)
    assert "positive whole number of days" in str(refused.value)


def test_every_category_has_a_documented_variable():
    readme = (BASE_DIR / "README.md").read_text()
    doc = (BASE_DIR / "docs" / "retention.md").read_text()
    for category, (unit, default) in RETENTION_DEFAULTS.items():
        name = f"LERNHAFEN_RETENTION_{category.upper()}_{unit.upper()}"
        assert f"| `{name}` | no | `{default}` |" in readme, name
        assert f"`{name}`" in doc, name


def test_manage_py_check_refuses_a_bad_period_and_names_the_variable():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "learning.settings.test"}
    env["LERNHAFEN_RETENTION_ACCESS_LOG_MONTHS"] = "zwei Jahre"
    env.pop("LERNHAFEN_WORKER_DB_NAME", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "LERNHAFEN_RETENTION_ACCESS_LOG_MONTHS must be a positive whole number of months" in result.stderr


def test_registrations_and_date_reminders_go_after_the_date_ended(course):
    from courses.models import Termin
    from courses.models.pages import is_protected
    from learning import termine
    from learning.models import Registration, TerminNotice
    from tests.factories import OrgUnitFactory, TerminFactory, staff

    with at(T0):
        old = TerminFactory(course=course)
        anna = staff(OrgUnitFactory(), username="anna")
        termine.register(anna, old.pk)
        TerminNotice.objects.create(termin=old, user=anna, kind=TerminNotice.Kind.PARTICIPANT, sent_at=T0)
        Registration.objects.filter(termin=old).update(attendance=Registration.Attendance.PRESENT)
    with at(T0 + timedelta(days=300)):
        recent = TerminFactory(course=course)
        termine.register(anna, recent.pk)
    # The old date ended a week after T0: 24 months later its registration (with the attendance) and its
    # reminder go; the date a year younger keeps both, and the completion is not touched.
    with at(old.ends_at + timedelta(days=2 * 365 + 10)):
        counts = run()
    assert counts["date_registrations"] == 1
    assert counts["reminders"] == 1
    assert list(Registration.objects.values_list("termin_id", flat=True)) == [recent.pk]
    assert not TerminNotice.objects.exists()
    # Without registrations the old date may now be deleted with its course.
    assert not is_protected(Termin.objects.get(pk=old.pk))
