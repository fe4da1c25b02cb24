"""Celery tasks of the learner record: thin wrappers over functions in the app."""

from celery import shared_task

from courses.tasks import MAIL_RETRY, RETRY

from . import (
    completion,
    export_jobs,
    reminders,
    requirements,
    retention,
    termine,
    termine_ics,
    termine_reminders,
)


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
    requirements.sync_user(user_id, course_id=course_id)  # the completion completes a mandatory cycle
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


@shared_task(name="learning.sync_requirement", **RETRY)
def sync_requirement(requirement_id):
    """A requirement was saved: its audience and cycles follow at once."""
    requirement = requirements.TrainingRequirement.objects.filter(pk=requirement_id).first()
    return requirements.sync(requirement) if requirement else 0


@shared_task(name="learning.sync_requirements_for_user", **RETRY)
def sync_requirements_for_user(user_id):
    """A person's profile, groups or account changed: they may have entered or left audiences."""
    return requirements.sync_user(user_id)


@shared_task(name="learning.reconcile_requirements")
def reconcile_requirements():
    """Nightly: new cycles, ended ones, and whatever a lost message left undone. Safe to run twice."""
    return requirements.sync_all()


@shared_task(name="learning.apply_retention")
def apply_retention():
    """Nightly: delete what has passed its retention period, and expired sessions. Twice is the same as once."""
    return retention.apply()


@shared_task(name="learning.build_export", **RETRY)
def build_export(job_id):
    """An export too large for one request: write its file, log every person in it. Safe to run twice."""
    job = export_jobs.build(job_id)
    return job.state if job else None


@shared_task(name="learning.purge_export_jobs")
def purge_export_jobs():
    """Nightly: exports older than LEARNING_EXPORT_KEEP_DAYS days go, files included."""
    return export_jobs.purge()


@shared_task(name="learning.send_reminders", bind=True, max_retries=4)
def send_reminders(self):
    """Daily: the reminder e-mails of mandatory trainings, one per person. Safe to run twice a day; mails
    that could not be sent are tried again in half an hour."""
    outcome = reminders.send_reminders()
    if outcome.failed:
        raise self.retry(countdown=30 * 60)
    return {"sent": outcome.sent, "copies": outcome.copies}


# Course dates (learning.termine): the notices go out after the change is committed; each task sends what is
# still true when it runs, so a retry or a second run sends the same invitation again at most.


@shared_task(name="learning.send_termin_notice", **MAIL_RETRY)
def send_termin_notice(registration_id, kind):
    return termine_ics.send_notice(registration_id, termine.Kind(kind))


def send_notices(notices):
    """Enqueue the notices a learning.termine function returned, after commit."""
    for notice in notices:
        send_termin_notice.delay_on_commit(notice.registration_id, str(notice.kind))


@shared_task(name="learning.termin_saved", **RETRY)
def termin_saved(termin_id):
    """A date was saved: updates or cancellations to the invited, the waiting list into new places."""
    notices = termine.date_saved(termin_id)
    send_notices(notices)
    return len(notices)


@shared_task(name="learning.send_termin_reminders")
def send_termin_reminders():
    """Daily: participants 2 days before their date, trainers the list the day before. Safe to run twice."""
    return termine_reminders.send_due()
