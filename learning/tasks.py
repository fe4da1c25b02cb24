"""Celery tasks of the learner record: thin wrappers over functions in the app."""

from celery import shared_task

from . import completion

RETRY = {"autoretry_for": (ConnectionError, TimeoutError), "retry_backoff": True, "max_retries": 5}


@shared_task(name="learning.ping")
def ping():
    """Answered by any live worker; /healthz sends it to prove the queue is being worked."""
    return "pong"


@shared_task(name="learning.update_course_completion", **RETRY)
def update_course_completion(user_id, course_id):
    """Complete the course if every lesson that counts is complete, then have its certificate issued."""
    enrolment = completion.update_course_completion(user_id, course_id)
    if enrolment is None:
        return None
    if enrolment.course.certificate_enabled:
        issue_certificate.delay_on_commit(enrolment.pk)
    return enrolment.pk


@shared_task(name="learning.issue_certificate", **RETRY)
def issue_certificate(enrolment_id):
    certificate = completion.issue_certificate(enrolment_id)
    return certificate.pk if certificate else None


@shared_task(name="learning.reconcile_completions")
def reconcile_completions():
    return completion.reconcile()
