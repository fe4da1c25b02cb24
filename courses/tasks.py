"""Celery tasks of the content app: thin wrappers over functions in the app."""

from smtplib import SMTPException

from celery import shared_task

from courses import feedback, reminders

# --- Public pages: accessibility feedback and review reminders (branch publicb) ---

# A mail server that is down for a while must not lose a notification.
MAIL_RETRY = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": True,
    "max_retries": 8,
}


@shared_task(name="courses.notify_accessibility_feedback", **MAIL_RETRY)
def notify_accessibility_feedback(feedback_id):
    feedback.notify_editors(feedback_id)


@shared_task(name="courses.send_review_reminders", **MAIL_RETRY)
def send_review_reminders():
    reminders.send_review_reminders()
