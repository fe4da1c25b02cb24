"""Celery tasks of the Lotsen app: thin wrappers that take ids."""

from celery import shared_task

from courses.tasks import MAIL_RETRY

from . import notifications, reports, services


@shared_task(name="lotsen.notify_assigned_lotse", **MAIL_RETRY)
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


@shared_task(name="lotsen.notify_coaching_ended", **MAIL_RETRY)
def notify_coaching_ended(coaching_id):
    return notifications.notify_coaching_ended(coaching_id)


@shared_task(name="lotsen.notify_lotse_left", **MAIL_RETRY)
def notify_lotse_left(colleague_id, lotse_name):
    return notifications.notify_lotse_left(colleague_id, lotse_name)


@shared_task(name="lotsen.notify_coaching_proposed", **MAIL_RETRY)
def notify_coaching_proposed(coaching_id):
    return notifications.notify_coaching_proposed(coaching_id)


@shared_task(name="lotsen.end_inactive_coachings")
def end_inactive_coachings():
    """Beat: end coachings without a session for LOTSEN_COACHING_INACTIVE_MONTHS; tell the colleagues."""
    ended = services.end_inactive_coachings()
    tell_coaching_ended(ended)
    return len(ended)


def tell_coaching_ended(coaching_ids):
    """Have the other side of each ended coaching told once the end is committed."""
    for coaching_id in coaching_ids:
        notify_coaching_ended.delay_on_commit(coaching_id)


def after_withdraw_lotse(result):
    """After `services.withdraw_lotse`: tell the Lotsen who got a request, and the colleagues."""
    request_ids, coaching_ids = result
    for request_id in request_ids:
        notify_assigned_lotse.delay_on_commit(request_id)
    tell_coaching_ended(coaching_ids)
