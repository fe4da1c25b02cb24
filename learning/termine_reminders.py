"""Reminders of course dates: participants 2 days before (with the room or the video link), trainers the day
before (with the list of participants). The waiting list hears when a place frees up at once (the move-up's
invitation, learning.termine), not here.

Each reminder is claimed in `TerminNotice` before it is sent (unique per date, person and kind), so a second
run, or two at once, send nothing twice; a mail that fails loses its claim and the next run tries again. The
windows are ranges (until the start), so a day on which the task did not run is caught up.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses.models import Termin

from . import termine
from .models import Registration, TerminNotice
from .models.org import display_name
from .termine_ics import course_url

logger = logging.getLogger(__name__)

PARTICIPANT_DAYS = 2
TRAINER_DAYS = 1


def _day_window(now, days):
    """From now until the end of the local day `days` days ahead."""
    last_day = timezone.localdate(now) + datetime.timedelta(days=days)
    end = timezone.make_aware(
        datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time())
    )
    return now, end


def _claim(termin_id, user_id, kind):
    try:
        with transaction.atomic():
            return TerminNotice.objects.create(termin_id=termin_id, user_id=user_id, kind=kind)
    except IntegrityError:
        return None


def _send(notice, message, now):
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.warning("Reminder of date %s to user %s could not be sent", notice.termin_id, notice.user_id)
        notice.delete()
        return False
    TerminNotice.objects.filter(pk=notice.pk).update(sent_at=now)
    return True


def participant_message(registration):
    termin = registration.termin
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Erinnerung: %(course)s am %(when)s") % {
            "course": termin.course.title,
            "when": termin.when_label,
        }
        body = render_to_string(
            "learning/mail/termin_reminder.txt",
            {
                "name": display_name(registration.user),
                "termin": termin,
                "trainers": termin.trainer_names(),
                "course_url": course_url(termin),
            },
        )
    return EmailMessage(subject=subject, body=body, to=[registration.user.email])


def trainer_message(trainer, termin, registrations):
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Teilnehmendenliste für morgen: %(course)s am %(when)s") % {
            "course": termin.course.title,
            "when": termin.when_label,
        }
        body = render_to_string(
            "learning/mail/termin_trainer.txt",
            {
                "name": display_name(trainer),
                "termin": termin,
                "participants": [
                    display_name(r.user) for r in registrations if r.state == termine.State.CONFIRMED
                ],
                "waiting": sum(r.state == termine.State.WAITING for r in registrations),
                "list_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + termin_list_path(termin),
            },
        )
    return EmailMessage(subject=subject, body=body, to=[trainer.email])


def termin_list_path(termin):
    return reverse("termin_participants", args=[termin.pk])


def send_due(now=None):
    """Send the reminders due now; returns {"participants": n, "trainers": n}."""
    now = now or timezone.now()
    sent = {"participants": 0, "trainers": 0}
    start, end = _day_window(now, PARTICIPANT_DAYS)
    registrations = (
        Registration.objects.filter(
            state=Registration.State.CONFIRMED,
            termin__cancelled=False,
            termin__starts_at__gt=start,
            termin__starts_at__lt=end,
        )
        .exclude(
            Exists(
                TerminNotice.objects.filter(
                    termin=OuterRef("termin"), user=OuterRef("user"), kind=TerminNotice.Kind.PARTICIPANT
                )
            )
        )
        .select_related("termin", "termin__course", "user")
    )
    for registration in registrations:
        if not registration.user.email:
            continue
        notice = _claim(registration.termin_id, registration.user_id, TerminNotice.Kind.PARTICIPANT)
        if notice is not None and _send(notice, participant_message(registration), now):
            sent["participants"] += 1
    start, end = _day_window(now, TRAINER_DAYS)
    dates = Termin.objects.filter(cancelled=False, starts_at__gt=start, starts_at__lt=end).select_related(
        "course"
    )
    for termin in dates.prefetch_related("trainers"):
        registrations = list(termine.participants(termin))
        for trainer in termin.trainers.all():
            if not trainer.email:
                continue
            notice = _claim(termin.pk, trainer.pk, TerminNotice.Kind.TRAINER)
            if notice is not None and _send(notice, trainer_message(trainer, termin, registrations), now):
                sent["trainers"] += 1
    return sent
