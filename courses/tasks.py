"""Celery tasks of the content app: thin wrappers over functions in the app."""

from smtplib import SMTPException

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.db.models.signals import post_save
from django.dispatch import receiver

from courses import video_processing
from courses.models import Video
from courses.public import notifications, reminders


# Database hiccups (a locked SQLite file, a PostgreSQL failover) and storage I/O errors pass;
# an unusable file is not an error here but a "failed" state the editor sees.
@shared_task(
    name="courses.process_video",
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def process_video(video_id):
    """Probe the video, render its poster and set its processing state."""
    video_processing.process_video(video_id)


@receiver(post_save, sender=Video, dispatch_uid="courses.enqueue_video_processing")
def _enqueue_video_processing(sender, instance, **kwargs):
    """Every new or replaced video file is probed by a worker once the upload is committed."""
    if getattr(instance, "needs_processing", False):
        process_video.delay_on_commit(instance.pk)


# The retry policies of every app's tasks (learning and lotsen import them from here).
# Work that needs the database or the broker: a short outage is over within seconds.
RETRY = {"autoretry_for": (ConnectionError, TimeoutError), "retry_backoff": True, "max_retries": 5}
# A mail server that is down for a while must not lose a notification: retries after 30 s, 1, 2, 4 … minutes,
# at most 30 minutes apart (below the Redis broker's visibility timeout of an hour, which would deliver a
# waiting retry twice), about 90 minutes in all. Retries wait in the broker, not in a worker's slot.
MAIL_RETRY = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 30 * 60,
    "max_retries": 8,
}


@shared_task(name="courses.notify_accessibility_feedback", **MAIL_RETRY)
def notify_accessibility_feedback(feedback_id):
    notifications.notify_editors(feedback_id)


@shared_task(name="courses.send_review_reminders", **MAIL_RETRY)
def send_review_reminders():
    reminders.send_review_reminders()
