"""Receivers at the edge: a Lotse or their account deactivated or deleted leaves routing and coachings."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_delete

from . import services, tasks
from .models import Coaching, HelpRequest, Lotse


def _has_open_work(lotse):
    return (
        HelpRequest.objects.filter(lotse=lotse, status=HelpRequest.Status.ASSIGNED).exists()
        or Coaching.objects.filter(lotse=lotse, ended_at=None).exists()
    )


def withdraw(lotse):
    """Re-route the Lotse's open requests and end their coachings; mail after commit."""
    if lotse.pk and _has_open_work(lotse):
        tasks.after_withdraw_lotse(services.withdraw_lotse(lotse))


def lotse_saved(sender, instance, raw=False, **kwargs):
    if not raw and not instance.active:
        withdraw(instance)


def user_saved(sender, instance, raw=False, **kwargs):
    if raw or instance.is_active:
        return
    lotse = Lotse.objects.filter(user=instance).first()
    if lotse is not None:
        withdraw(lotse)


def lotse_deleting(sender, instance, **kwargs):
    # Before the row goes: an assigned request may not lose its Lotse (the database refuses), and the
    # colleagues' coachings end. Their sessions stay, without the people, for the aggregates. The coachings
    # are deleted with the profile, so the colleagues are told from what outlives them.
    colleague_ids = list(
        Coaching.objects.filter(lotse=instance, ended_at=None).values_list("colleague_id", flat=True)
    )
    withdraw(instance)
    for colleague_id in colleague_ids:
        tasks.notify_lotse_left.delay_on_commit(colleague_id, instance.name)


def connect():
    post_save.connect(lotse_saved, sender=Lotse, dispatch_uid="lotsen.lotse_saved")
    post_save.connect(user_saved, sender=get_user_model(), dispatch_uid="lotsen.user_saved")
    pre_delete.connect(lotse_deleting, sender=Lotse, dispatch_uid="lotsen.lotse_deleting")
