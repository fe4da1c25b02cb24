"""iCalendar (RFC 5545) for course dates: the invitation and cancellation e-mails, "In meinen Kalender", the
personal feed; and sending the e-mails (called by `learning.tasks`, never enqueued from here).

One date keeps one UID in every file (`Termin.uid`), and each person's SEQUENCE only grows
(`Registration.sequence`), so a calendar replaces its entry instead of adding a second one. Times are in
Europe/Berlin with its VTIMEZONE, so the entry stays right when the clocks change.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from . import termine
from .models import Registration
from .models.org import display_name

PRODID = "-//Jobcenter Musterkreis//Lernhafen//DE"
TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)
Kind = termine.Kind
# The feed keeps past dates for half a year, so that a subscribed calendar still shows what one attended.
FEED_PAST = datetime.timedelta(days=180)


def _absolute(url):
    if url.startswith(("http://", "https://")):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def course_url(termin):
    return _absolute(termin.course.get_url() or "")


def uid(termin):
    return f"{termin.uid}@lernhafen"


def event(registration, cancelled=False, now=None):
    """The VEVENT of one person's copy of a date."""
    termin = registration.termin
    item = Event()
    item.add("uid", uid(termin))
    item.add("sequence", registration.sequence)
    item.add("dtstamp", now or timezone.now())
    item.add("dtstart", timezone.localtime(termin.starts_at, TZ))
    item.add("dtend", timezone.localtime(termin.ends_at, TZ))
    item.add("summary", termin.course.title)
    location = termin.video_url if termin.is_video and not termin.room else termin.place_label
    item.add("location", location)
    url = termin.video_url or course_url(termin)
    item.add("url", url)
    lines = []
    if termin.is_video:
        lines.append(_("Videokonferenz: %(url)s") % {"url": termin.video_url})
    if termin.room:
        lines.append(_("Ort: %(place)s") % {"place": termin.place_label})
    trainers = termin.trainer_names()
    if trainers:
        lines.append(_("Training: %(names)s") % {"names": ", ".join(trainers)})
    if termin.notes:
        lines.append(termin.notes)
    lines.append(_("Kurs in Lernhafen: %(url)s") % {"url": course_url(termin)})
    item.add("description", "\n".join(lines))
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText("Lernhafen")
    item.add("organizer", organizer)
    if registration.user.email:
        attendee = vCalAddress(f"mailto:{registration.user.email}")
        attendee.params["cn"] = vText(display_name(registration.user))
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("DECLINED" if cancelled else "ACCEPTED")
        attendee.params["rsvp"] = vText("FALSE")
        item.add("attendee", attendee)
    return item


def calendar(events, method=None, name=None):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    for item in events:
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()


def is_cancelled(registration):
    return registration.state == Registration.State.CANCELLED or registration.termin.cancelled


def invitation_ics(registration, now=None):
    """The file of "In meinen Kalender" and of the e-mails: REQUEST for a place, CANCEL otherwise."""
    cancelled = is_cancelled(registration)
    method = "CANCEL" if cancelled else "REQUEST"
    return calendar([event(registration, cancelled=cancelled, now=now)], method=method)


def feed_ics(user, now=None):
    """The person's feed: every date they have a place on that has not ended long ago, called-off ones as
    cancelled (so that a subscribed calendar drops them)."""
    now = now or timezone.now()
    registrations = (
        Registration.objects.filter(user=user, termin__ends_at__gt=now - FEED_PAST)
        .exclude(state=Registration.State.WAITING)
        .select_related("termin", "termin__course", "user")
        .prefetch_related("termin__trainers")
        .order_by("termin__starts_at")
    )
    events = [
        event(r, cancelled=is_cancelled(r), now=now)
        for r in registrations
        if r.state == Registration.State.CONFIRMED or r.sequence
    ]
    return calendar(events, method="PUBLISH", name=_("Meine Termine in Lernhafen"))


SUBJECTS = {
    Kind.INVITATION: "Anmeldung bestätigt: %(course)s am %(when)s",
    Kind.MOVED_UP: "Sie haben einen Platz: %(course)s am %(when)s",
    Kind.UPDATE: "Geändert: %(course)s am %(when)s",
    Kind.CANCELLATION: "Abgesagt: %(course)s am %(when)s",
    Kind.WAITING: "Warteliste: %(course)s am %(when)s",
}


def still_true(registration, kind):
    """A notice whose news is out of date (the person cancelled before it went out) is not sent."""
    if kind == Kind.CANCELLATION:
        return is_cancelled(registration)
    if kind == Kind.WAITING:
        return registration.state == Registration.State.WAITING
    return registration.state == Registration.State.CONFIRMED and not registration.termin.cancelled


def compose(registration, kind, now=None):
    """The e-mail of one notice, with the .ics attached where it changes the calendar. German."""
    termin = registration.termin
    with translation.override(settings.LANGUAGE_CODE):
        values = {"course": termin.course.title, "when": termin.when_label}
        subject = _(SUBJECTS[kind]) % values
        body = render_to_string(
            "learning/mail/termin.txt",
            {
                "kind": str(kind),
                "name": display_name(registration.user),
                "termin": termin,
                "trainers": termin.trainer_names(),
                "course_url": course_url(termin),
                "position": waiting_position(registration) if kind == Kind.WAITING else None,
            },
        )
        message = EmailMessage(subject=subject, body=body, to=[registration.user.email])
        if kind != Kind.WAITING:
            content = invitation_ics(registration, now=now)
            method = "CANCEL" if is_cancelled(registration) else "REQUEST"
            message.attach("einladung.ics", content, f"text/calendar; charset=utf-8; method={method}")
    return message


def waiting_position(registration):
    return (
        Registration.objects.filter(
            termin_id=registration.termin_id,
            state=Registration.State.WAITING,
            queued_at__lte=registration.queued_at,
        )
        .exclude(pk__gt=registration.pk, queued_at=registration.queued_at)
        .count()
    )


def send_notice(registration_id, kind, now=None):
    """Send one notice if it is still true; records what the person's calendar now holds. Returns whether
    an e-mail went out."""
    registration = (
        Registration.objects.select_related("termin", "termin__course", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not registration.user.email or not still_true(registration, kind):
        return False
    compose(registration, kind, now=now).send()
    if kind != Kind.WAITING:
        Registration.objects.filter(pk=registration.pk).update(
            sent_fingerprint="" if is_cancelled(registration) else termine.fingerprint(registration.termin)
        )
    return True
