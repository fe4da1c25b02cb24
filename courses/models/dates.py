"""Dates of a course (`Termin`): in-house trainings in a room or by video, with trainers, places and deadlines.

A date is operational data, not page content: it takes effect when the course page's editor is saved (draft
or published), is never rolled back by publishing or reverting an older revision, and Koordination edits the
same rows in its own admin view. Registrations, waiting lists and attendance are the learner record's
(`learning.termine`); a date that has any is never deleted (they protect it), it is called off instead.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

__all__ = ["Termin"]

MAX_CAPACITY = 500


class Termin(ClusterableModel):
    """One dated session of a course: when, where (room or video), who trains, how many places, until when."""

    course = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="termine")
    # The iCalendar UID of every invitation of this date: it never changes, whatever else does.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    room = models.CharField(_("Raum"), max_length=100, blank=True, help_text=_("z. B. „Raum 1.12“"))
    address = models.CharField(
        _("Adresse"), max_length=255, blank=True, help_text=_("z. B. „Hauptstraße 1, 12345 Musterstadt“")
    )
    video_url = models.URLField(
        _("Link zur Videokonferenz"),
        blank=True,
        help_text=_("Nur angemeldete Teilnehmende sehen ihn, auf der Kursseite kurz vor Beginn."),
    )
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Trainerinnen und Trainer (Beschäftigte)"),
        blank=True,
        related_name="termine_as_trainer",
        limit_choices_to={"is_active": True, "staff_profile__isnull": False},
    )
    external_trainers = models.CharField(
        _("Externe Trainerinnen und Trainer"),
        max_length=255,
        blank=True,
        help_text=_("Namen, durch Komma getrennt, z. B. „Dr. Petra Schmidt (Datenschutz GmbH)“"),
    )
    capacity = models.IntegerField(
        _("Plätze"),
        default=12,
        validators=[
            MinValueValidator(1, _("Ein Termin braucht mindestens 1 Platz.")),
            MaxValueValidator(MAX_CAPACITY, _("Ein Termin hat höchstens 500 Plätze.")),
        ],
    )
    registration_deadline = models.DateTimeField(
        _("Anmeldeschluss"), null=True, blank=True, help_text=_("Leer lassen: bis zum Beginn.")
    )
    cancellation_deadline = models.DateTimeField(
        _("Abmeldeschluss"), null=True, blank=True, help_text=_("Leer lassen: bis zum Beginn.")
    )
    notes = models.TextField(
        _("Hinweise für Teilnehmende"),
        blank=True,
        help_text=_("z. B. „Bitte bringen Sie Ihren Dienstausweis mit.“ Steht auch in der Einladung."),
    )
    signatures_required = models.BooleanField(
        _("Unterschriftenliste"),
        default=False,
        help_text=_("Die Trainerin oder der Trainer druckt eine Anwesenheitsliste zum Unterschreiben."),
    )
    cancelled = models.BooleanField(
        _("Abgesagt"),
        default=False,
        help_text=_("Angemeldete erhalten eine Absage für ihren Kalender. Ein Termin mit Anmeldungen wird "
                    "abgesagt, nicht gelöscht."),
    )  # fmt: skip

    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        MultiFieldPanel(
            [FieldPanel("room"), FieldPanel("address"), FieldPanel("video_url")], heading=_("Ort")
        ),
        FieldPanel("trainers"),
        FieldPanel("external_trainers"),
        FieldPanel("capacity"),
        FieldRowPanel([FieldPanel("registration_deadline"), FieldPanel("cancellation_deadline")]),
        FieldPanel("notes"),
        FieldPanel("signatures_required"),
        FieldPanel("cancelled"),
    ]

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"])]
        permissions = [("attendance_termin", "Can view attendance of mandatory trainings by name")]

    def __str__(self):
        return f"{self.course.title if self.course_id else ''}, {self.when_label}"

    @property
    def when_label(self):
        """ "12.03.2027, 09:00–12:30 Uhr" (or two days when it spans more than one)."""
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        if start.date() == end.date():
            return _("%(day)s, %(start)s–%(end)s Uhr") % {
                "day": formats.date_format(start, "d.m.Y"),
                "start": formats.time_format(start, "H:i"),
                "end": formats.time_format(end, "H:i"),
            }
        return _("%(start)s Uhr bis %(end)s Uhr") % {
            "start": formats.date_format(start, "d.m.Y, H:i"),
            "end": formats.date_format(end, "d.m.Y, H:i"),
        }

    @property
    def is_video(self):
        return bool(self.video_url)

    @property
    def place_label(self):
        """Where it happens, for people: room and address, or "Videokonferenz"."""
        if self.is_video and not self.room:
            return str(_("Videokonferenz"))
        return ", ".join(part for part in (self.room, self.address) if part)

    def trainer_names(self):
        """Staff trainers (name from the profile's account) and external ones, for participants."""
        names = [user.get_full_name() or user.get_username() for user in self.trainers.all()]
        names += [name.strip() for name in self.external_trainers.split(",") if name.strip()]
        return names

    @property
    def registration_closes_at(self):
        return self.registration_deadline or self.starts_at

    @property
    def cancellation_closes_at(self):
        return self.cancellation_deadline or self.starts_at

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Das Ende muss nach dem Beginn liegen.")
        if not (self.room or self.video_url):
            errors["room"] = _("Geben Sie einen Raum oder einen Link zur Videokonferenz an.")
        if self.video_url and not self.video_url.startswith("https://"):
            errors["video_url"] = _("Der Link zur Videokonferenz muss mit https:// beginnen.")
        for name in ("registration_deadline", "cancellation_deadline"):
            value = getattr(self, name)
            if value and self.starts_at and value > self.starts_at:
                errors[name] = _("Diese Frist muss vor dem Beginn liegen oder leer bleiben.")
        if errors:
            raise ValidationError(errors)
