"""Review reminders: editors hear once a day about public pages whose "Stand" date is too old."""

import time
from datetime import date

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from courses.public import reminders
from learning import celery_app

pytestmark = pytest.mark.django_db

# Days far from the real one, so that a day claimed here never blocks a test that uses "today".
TODAY = date(2031, 3, 15)
DAYS_USED = [TODAY, date(2031, 4, 1), date(2031, 4, 2), date(2031, 5, 1)]


@pytest.fixture(autouse=True)
def _unclaimed_days():
    """The claims live in the default cache, which is Redis in CI and outlives a test's transaction."""
    keys = [f"review-reminders:{day.isoformat()}" for day in DAYS_USED]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


def test_the_reminder_runs_daily_on_the_beat():
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "courses.send_review_reminders"
    )
    assert isinstance(entry["schedule"], crontab)
    assert entry["schedule"].day_of_week == set(range(7))
    celery_app.loader.import_default_modules()  # what a worker does at start: autodiscover tasks.py
    assert "courses.send_review_reminders" in celery_app.tasks


def test_no_pages_due_means_no_mail(editor):
    assert reminders.pages_due_for_review(TODAY) == []
    assert reminders.send_review_reminders(TODAY) == 0
    assert mail.outbox == []


def test_one_summary_mail_a_day_to_the_editors(editor, home_page, settings, monkeypatch):
    """The mail itself, with a stand-in for the pages that are due until ExplainerPage exists."""
    settings.EDITOR_NOTIFICATION_EMAILS = ["redaktion@jobcenter.example"]
    home_page.reviewed_at = date(2029, 11, 2)
    monkeypatch.setattr(reminders, "pages_due_for_review", lambda today: [home_page])
    day = date(2031, 4, 1)

    assert reminders.send_review_reminders(day) == 1
    assert reminders.send_review_reminders(day) == 0  # the same day again: nothing more
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == "1 öffentliche Seite braucht eine Prüfung"
    assert sent.to == ["redaktion@jobcenter.example", "rita@jobcenter.example"]
    assert "seit mehr als 12 Monaten nicht mehr geprüft" in sent.body
    assert "Jobcenter Musterkreis (Stand: 2. November 2029)" in sent.body
    assert f"http://testserver/admin/pages/{home_page.pk}/edit/" in sent.body

    assert reminders.send_review_reminders(date(2031, 4, 2)) == 1  # the next day brings the next reminder
    assert len(mail.outbox) == 2


def test_a_failed_mail_is_sent_again_on_retry_the_same_day(editor, home_page, monkeypatch):
    home_page.reviewed_at = date(2029, 1, 1)
    monkeypatch.setattr(reminders, "pages_due_for_review", lambda today: [home_page])
    real_send = reminders.EmailMessage.send

    def mail_server_down(message):
        raise OSError("Mailserver nicht erreichbar")

    day = date(2031, 5, 1)
    monkeypatch.setattr(reminders.EmailMessage, "send", mail_server_down)
    with pytest.raises(OSError):
        reminders.send_review_reminders(day)
    monkeypatch.setattr(reminders.EmailMessage, "send", real_send)
    assert reminders.send_review_reminders(day) == 1
    assert len(mail.outbox) == 1


def test_a_real_worker_runs_the_scheduled_task(celery_worker):
    """The worker's mail stays in its memory; the day it claimed in the shared cache is what the site sees."""
    from courses.tasks import send_review_reminders

    key = f"review-reminders:{timezone.localdate().isoformat()}"
    cache.delete(key)
    try:
        send_review_reminders.delay().get(timeout=30)
        deadline = time.monotonic() + 10
        while cache.get(key) is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert cache.get(key) is True
    finally:
        cache.delete(key)


def test_only_live_pages_with_an_old_stand_date_are_due(home_page):
    from tests.factories import ExplainerIndexPageFactory, ExplainerPageFactory

    index = ExplainerIndexPageFactory(parent=home_page)
    old = ExplainerPageFactory(parent=index, title="Online-Antrag", reviewed_at=date(2030, 3, 14))
    ExplainerPageFactory(parent=index, title="Upload", reviewed_at=date(2030, 3, 15))
    draft = ExplainerPageFactory(parent=index, title="Videoberatung", reviewed_at=date(2020, 1, 1))
    draft.unpublish()
    assert [page.pk for page in reminders.pages_due_for_review(TODAY)] == [old.pk]


def test_the_review_period_is_configurable(home_page, settings):
    from tests.factories import ExplainerIndexPageFactory, ExplainerPageFactory

    index = ExplainerIndexPageFactory(parent=home_page)
    page = ExplainerPageFactory(parent=index, title="E-Mail verschlüsselt", reviewed_at=date(2030, 9, 1))
    assert reminders.pages_due_for_review(TODAY) == []
    settings.EXPLAINER_REVIEW_MONTHS = 6
    assert [due.pk for due in reminders.pages_due_for_review(TODAY)] == [page.pk]


def test_editors_get_one_summary_of_all_due_explainers(home_page, editor):
    from tests.factories import ExplainerIndexPageFactory, ExplainerPageFactory

    index = ExplainerIndexPageFactory(parent=home_page)
    ExplainerPageFactory(parent=index, title="Online-Antrag", reviewed_at=date(2029, 1, 10))
    ExplainerPageFactory(parent=index, title="Dokumente hochladen", reviewed_at=date(2028, 6, 1))
    assert reminders.send_review_reminders(TODAY) == 2
    assert reminders.send_review_reminders(TODAY) == 0
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "2 öffentliche Seiten brauchen eine Prüfung"
    assert body.index("Dokumente hochladen") < body.index("Online-Antrag")  # oldest first
