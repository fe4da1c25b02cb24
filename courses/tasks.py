"""Celery tasks of the content app: thin wrappers over functions in the app."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from courses import video_processing


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
