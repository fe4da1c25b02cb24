"""Mandatory trainings: requirements, each person's cycles of a requirement, and exemptions.

A requirement never rewrites a person's enrolment: it keeps its own record of cycles with their due
dates, and only creates an enrolment (source "Pflichtschulung") where none exists. The rules of a cycle
are in `learning.requirements`; docs/pflichtschulungen.md explains them for coordinators.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["Exemption", "RequirementCycle", "TrainingRequirement"]

MONTHS = [
    (1, _("Januar")),
    (2, _("Februar")),
    (3, _("März")),
    (4, _("April")),
    (5, _("Mai")),
    (6, _("Juni")),
    (7, _("Juli")),
    (8, _("August")),
    (9, _("September")),
    (10, _("Oktober")),
    (11, _("November")),
    (12, _("Dezember")),
]


class TrainingRequirement(models.Model):
    """Who must complete which course, how often, and by when."""

    class Window(models.TextChoices):
        ROLLING = "rolling", _("fortlaufend ab dem letzten Abschluss")
        CALENDAR_YEAR = "calendar_year", _("je Kalenderjahr mit Stichtag")

    name = models.CharField(
        _("Bezeichnung"), max_length=200, help_text=_("Zum Beispiel „Jährliche Datenschutzunterweisung“.")
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("Kurs"),
        on_delete=models.PROTECT,
        related_name="requirements",
    )
    all_staff = models.BooleanField(_("Alle Beschäftigten"), default=False)
    groups = models.ManyToManyField(
        "auth.Group",
        verbose_name=_("Gruppen"),
        blank=True,
        related_name="training_requirements",
        help_text=_("Alle Mitglieder dieser Gruppen."),
    )
    org_units = models.ManyToManyField(
        "learning.OrgUnit",
        verbose_name=_("Organisationseinheiten"),
        blank=True,
        related_name="training_requirements",
        help_text=_("Alle Beschäftigten dieser Einheiten und ihrer Untereinheiten."),
    )
    new_staff_days = models.PositiveSmallIntegerField(
        _("Nur neue Beschäftigte: Frist nach Eintritt (Tage)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Ausgefüllt: nur wer ab „Gilt ab“ eintritt, und fällig so viele Tage nach dem Eintrittsdatum. "
            "Ohne Gruppen und Einheiten: alle neuen Beschäftigten."
        ),
    )
    interval_months = models.PositiveSmallIntegerField(
        _("Wiederholung alle … Monate"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, _("Das Intervall muss mindestens einen Monat betragen."))],
        help_text=_("Leer lassen für eine einmalige Schulung. Beim Kalenderjahr: 12, 24, …"),
    )
    window = models.CharField(_("Zeitraum"), max_length=20, choices=Window.choices, default=Window.ROLLING)
    due_month = models.PositiveSmallIntegerField(_("Stichtag: Monat"), choices=MONTHS, default=12)
    due_day = models.PositiveSmallIntegerField(
        _("Stichtag: Tag"), default=31, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    first_due_days = models.PositiveSmallIntegerField(
        _("Frist beim ersten Mal (Tage)"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("So viele Tage hat jemand, der neu zur Zielgruppe kommt, mindestens Zeit."),
    )
    renewal_days = models.PositiveSmallIntegerField(
        _("Wiederholung öffnet … Tage vor Ablauf"),
        default=30,
        help_text=_("Nur bei fortlaufender Wiederholung: ab dann kann man die Schulung erneut machen."),
    )
    grace_days = models.PositiveSmallIntegerField(
        _("Kulanz (Tage)"),
        default=0,
        help_text=_("So viele Tage nach dem Fälligkeitsdatum gilt die Schulung noch nicht als überfällig."),
    )
    legal_basis = models.TextField(
        _("Rechtsgrundlage"), blank=True, help_text=_("Zum Beispiel „§ 35 SGB I, §§ 67 ff. SGB X“.")
    )
    starts_on = models.DateField(_("Gilt ab"), default=timezone.localdate)
    active = models.BooleanField(
        _("Aktiv"),
        default=True,
        help_text=_("Inaktiv: keine neuen Durchgänge, offene enden. Die Geschichte bleibt erhalten."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Pflichtschulung")
        verbose_name_plural = _("Pflichtschulungen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    # What deletion_refusal() reads, fetched with the rows (courses.models.pages.deletion_refusals).
    deletion_refusal_related = ("course",)

    def deletion_refusal(self):
        """Why this requirement keeps its course from being deleted (courses.models.pages.deletion_refusals)."""
        return _(
            "„%(course)s“ ist der Kurs der Pflichtschulung „%(name)s“. Ordnen Sie der Pflichtschulung zuerst "
            "einen anderen Kurs zu."
        ) % {"course": self.course.title, "name": self.name}

    @property
    def years(self):
        """Calendar-year requirements repeat every so many years."""
        return (self.interval_months or 0) // 12

    def due_date_in(self, year):
        return datetime.date(year, self.due_month, self.due_day)

    def clean(self):
        super().clean()
        errors = {}
        try:
            self.due_date_in(2025)  # not a leap year: 29 February is no yearly due date
        except ValueError:
            errors["due_day"] = _("Diesen Tag gibt es im gewählten Monat nicht (jedes Jahr).")
        if self.window == self.Window.CALENDAR_YEAR and (
            not self.interval_months or self.interval_months % 12
        ):
            errors["interval_months"] = _(
                "Beim Kalenderjahr wiederholt sich die Schulung in ganzen Jahren: 12, 24, 36 … Monate."
            )
        if errors:
            raise ValidationError(errors)

    def clean_audience(self, groups, org_units):
        """The audience lives partly in many-to-many fields, so the form checks it with their values."""
        if not (self.all_staff or groups or org_units or self.new_staff_days):
            raise ValidationError(
                _(
                    "Bitte wählen Sie, für wen die Schulung Pflicht ist: alle Beschäftigten, Gruppen, "
                    "Organisationseinheiten oder neue Beschäftigte."
                )
            )


class RequirementCycle(models.Model):
    """One round of a requirement for one person: open from `opens_on`, due on `due_on`.

    Completing the course on or after `counts_from` (any time, when empty) completes the cycle, which then
    counts until `valid_until` (for ever, when empty). A cycle of someone who left the audience ends.
    `superseded_at` is set when the person's next cycle of the requirement opens (learning.requirements),
    so a person's current cycle is the one with neither `ended_at` nor `superseded_at`.
    """

    class State(models.TextChoices):
        DONE = "done", _("erledigt")
        DUE = "due", _("fällig")
        OVERDUE = "overdue", _("überfällig")
        EXEMPT = "exempt", _("befreit")

    requirement = models.ForeignKey(
        TrainingRequirement,
        verbose_name=_("Pflichtschulung"),
        on_delete=models.CASCADE,
        related_name="cycles",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="requirement_cycles"
    )
    opens_on = models.DateField(_("beginnt am"))
    counts_from = models.DateField(_("Abschlüsse zählen ab"), null=True, blank=True)
    due_on = models.DateField(_("fällig bis"))
    # due_on plus the requirement's grace days: from this day on the cycle is overdue.
    overdue_from = models.DateField(_("überfällig ab"))
    done_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    ended_at = models.DateTimeField(_("beendet am"), null=True, blank=True)
    # When the next cycle of this person and requirement opened; the overview reads only cycles without it.
    superseded_at = models.DateTimeField(_("abgelöst am"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Durchgang einer Pflichtschulung")
        verbose_name_plural = _("Durchgänge von Pflichtschulungen")
        ordering = ["requirement", "user", "opens_on", "pk"]
        constraints = [
            # At most one open cycle per person and requirement, even when two syncs race.
            models.UniqueConstraint(
                fields=["requirement", "user"],
                condition=models.Q(done_at__isnull=True, ended_at__isnull=True),
                name="one_open_cycle_per_person",
            )
        ]
        indexes = [
            models.Index(fields=["user", "requirement", "-opens_on"]),
            # The current cycles (learning.viewsets.current_cycles) by requirement and due date: the overview's
            # first page, its count and its summary read these instead of an anti-join over all cycles.
            models.Index(
                fields=["requirement", "due_on"],
                condition=models.Q(ended_at__isnull=True, superseded_at__isnull=True),
                name="current_cycle_due",
            ),
        ]

    def __str__(self):
        return f"{self.requirement} – {self.user} ({self.opens_on:%d.%m.%Y})"

    def state(self, today=None, exempt=False):
        """What the overview, "Mein Lernen" and the reminders call this cycle today."""
        today = today or timezone.localdate()
        if exempt:
            return self.State.EXEMPT
        if self.done_at is not None and (self.valid_until is None or self.valid_until >= today):
            return self.State.DONE
        if self.done_at is None and today < self.overdue_from:
            return self.State.DUE
        return self.State.OVERDUE


class Exemption(models.Model):
    """A person need not complete a requirement until `until` (e.g. long-term leave)."""

    requirement = models.ForeignKey(
        TrainingRequirement,
        verbose_name=_("Pflichtschulung"),
        on_delete=models.CASCADE,
        related_name="exemptions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="requirement_exemptions",
    )
    reason = models.CharField(
        _("Grund"), max_length=200, help_text=_("Zum Beispiel „Elternzeit“. Steht im Zugriffsprotokoll.")
    )
    until = models.DateField(_("befreit bis"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingetragen von"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("eingetragen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Befreiung")
        verbose_name_plural = _("Befreiungen")
        ordering = ["-until"]

    def __str__(self):
        return f"{self.user} – {self.requirement} (bis {self.until:%d.%m.%Y})"

    def clean(self):
        super().clean()
        if self.until is not None and self.pk is None and self.until < timezone.localdate():
            raise ValidationError(
                {"until": _("Das Ende der Befreiung darf nicht in der Vergangenheit liegen.")}
            )
        if self.reason is not None and not self.reason.strip():
            raise ValidationError({"reason": _("Bitte geben Sie einen Grund an.")})
