"""Celery tasks of the learner record: thin wrappers over functions in the app."""

from celery import shared_task


@shared_task(name="learning.ping")
def ping():
    """Answered by any live worker; /healthz sends it to prove the queue is being worked."""
    return "pong"
