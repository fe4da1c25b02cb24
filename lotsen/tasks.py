"""Celery tasks of the Lotsen app: thin wrappers that take ids."""

from celery import shared_task

from . import notifications, reports

RETRY = {"autoretry_for": (ConnectionError, TimeoutError), "retry_backoff": True, "max_retries": 5}


@shared_task(name="lotsen.notify_assigned_lotse", **RETRY)
def notify_assigned_lotse(request_id):
    return notifications.notify_assigned_lotse(request_id)


@shared_task(name="lotsen.notify_pending")
def notify_pending():
    return notifications.notify_pending()


@shared_task(name="lotsen.freeze_report_months")
def freeze_report_months():
    return reports.freeze_closed_months()


def notify_lotse_after_commit(help_request):
    """Have the assigned Lotse told by e-mail once the assignment is committed (once: notified_at)."""
    if help_request.lotse_id and help_request.notified_at is None:
        notify_assigned_lotse.delay_on_commit(help_request.pk)
