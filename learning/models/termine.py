"""Registrations for course dates: the place or waiting-list spot, attendance, and the personal calendar feed."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["CalendarFeed", "Registration", "TerminNotice"]


class Registration(models.Model):
    """One person's registration for one date; one row per (date, person), reused when they register again.

    `sequence` is the iCalendar SEQUENCE of this person's copy of the date: it grows with every invitation or
    cancellation sent to them, so their calendar always takes the newest one.
    """

    class State(models.TextChoices):
        CONFIRMED = "confirmed", _("angemeldet")
        WAITING = "waiting", _("auf der Warteliste")
        CANCELLED = "cancelled", _("abgemeldet")

    class Attendance(models.TextChoices):
        PRESENT = "present", _("anwesend")
        ABSENT = "absent", _("abwesend")
        EXCUSED = "excused", _("entschuldigt")

    termin = models.ForeignKey(
        "courses.Termin", verbose_name=_("Termin"), on_delete=models.PROTECT, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="termin_registrations"
    )
    state = models.CharField(_("Stand"), max_length=20, choices=State.choices)
    # The order of the waiting list: who came first moves up first.
    queued_at = models.DateTimeField(_("angemeldet am"))
    attendance = models.CharField(_("Teilnahme"), max_length=20, choices=Attendance.choices, blank=True)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sequence = models.PositiveIntegerField(default=0)
    # Whether the person's calendar holds this date (a REQUEST was sent and not yet cancelled).
    invited = models.BooleanField(default=False)
    # learning.termine.fingerprint of the date as last sent to this person: a change means an update.
    sent_fingerprint = models.CharField(max_length=32, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Anmeldung zu einem Termin")
        verbose_name_plural = _("Anmeldungen zu Terminen")
        constraints = [models.UniqueConstraint(fields=["termin", "user"], name="registration_unique")]
        indexes = [
            models.Index(fields=["termin", "state", "queued_at"]),
            models.Index(fields=["user", "state"]),
        ]

    def __str__(self):
        return f"{self.user} – {self.termin_id}: {self.state}"

    # What deletion_refusal() reads, fetched with the rows (courses.models.pages.deletion_refusals).
    deletion_refusal_related = ("termin__course",)

    def deletion_refusal(self):
        """Why this row keeps its course from being deleted (courses.models.pages.deletion_refusals)."""
        return _(
            "Für Termine von „%(course)s“ gibt es Anmeldungen; sie gehören zum Lernnachweis der Teilnehmenden. "
            "Sagen Sie kommende Termine ab („Abgesagt“) und heben Sie die Veröffentlichung des Kurses auf, "
            "statt ihn zu löschen."
        ) % {"course": self.termin.course.title}


class TerminNotice(models.Model):
    """A reminder of a date that went out (or was claimed by a run): at most one per kind, date and person."""

    class Kind(models.TextChoices):
        PARTICIPANT = "participant", _("Erinnerung an Teilnehmende")
        TRAINER = "trainer", _("Teilnehmendenliste an die Leitung")

    termin = models.ForeignKey("courses.Termin", on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["termin", "user", "kind"], name="termin_notice_unique")
        ]

    def __str__(self):
        return f"{self.kind} – {self.termin_id} – {self.user_id}"


def new_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a person's calendar feed of their dates; a new token revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Kalender-Abonnement")
        verbose_name_plural = _("Kalender-Abonnements")

    def __str__(self):
        return f"{self.user}"
