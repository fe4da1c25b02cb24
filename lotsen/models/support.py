"""Help requests, coachings and coaching sessions (private notes live in a table of their own)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .profiles import FREE_TOPICS

__all__ = ["Coaching", "CoachingSession", "HelpRequest", "MeetingFormat", "PrivateNote"]


class MeetingFormat(models.TextChoices):
    """How a colleague and a Lotse talk: asked for in a request, logged for a session."""

    IN_PERSON = "in_person", _("vor Ort")
    PHONE = "phone", _("Telefon")
    VIDEO = "video", _("Video")


class HelpRequest(models.Model):
    """An employee asks for help; routing assigns a Lotse or leaves it in the coordinators' pool."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Zugewiesen")
        POOL = "pool", _("Pool")
        ACCEPTED = "accepted", _("Angenommen")
        DONE = "done", _("Erledigt")
        WITHDRAWN = "withdrawn", _("Zurückgezogen")

    OPEN_STATUSES = (Status.ASSIGNED, Status.POOL)

    TOPIC_CHOICES = [(topic, topic) for topic in FREE_TOPICS]

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angefragt von"),
        on_delete=models.CASCADE,
        related_name="lotsen_requests",
    )
    competence = models.ForeignKey(
        "courses.Competence",
        verbose_name=_("Kompetenz"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    topic = models.CharField(_("Thema"), max_length=60, blank=True, choices=TOPIC_CHOICES)
    message = models.TextField(_("Ihre Nachricht"), max_length=2000)
    preferred_format = models.CharField(
        _("Wie möchten Sie sprechen?"),
        max_length=20,
        choices=MeetingFormat.choices,
        default=MeetingFormat.IN_PERSON,
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.POOL)
    lotse = models.ForeignKey(
        "lotsen.Lotse",
        verbose_name=_("Lotsin oder Lotse"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="help_requests",
    )
    declined_by = models.ManyToManyField("lotsen.Lotse", blank=True, related_name="+")
    coaching = models.ForeignKey(
        "lotsen.Coaching", null=True, blank=True, on_delete=models.SET_NULL, related_name="help_requests"
    )
    notified_at = models.DateTimeField(_("benachrichtigt am"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("angefragt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Hilfeanfrage")
        verbose_name_plural = _("Hilfeanfragen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(competence__isnull=False) | ~Q(topic=""), name="helprequest_has_topic"
            ),
            models.CheckConstraint(
                condition=~Q(status="assigned") | Q(lotse__isnull=False),
                name="helprequest_assigned_has_lotse",
            ),
        ]
        indexes = [models.Index(fields=["status", "lotse"])]

    def __str__(self):
        return _("Anfrage #%(id)s") % {"id": self.pk}

    @property
    def topic_label(self):
        return self.competence.title_de if self.competence_id else self.topic

    @property
    def requester_unit(self):
        profile = getattr(self.requester, "staff_profile", None)
        return profile.org_unit.name if profile and profile.org_unit else ""


class Coaching(models.Model):
    """A Lotse accompanies a colleague; the colleague decides whether the Lotse sees their progress."""

    lotse = models.ForeignKey(
        "lotsen.Lotse",
        verbose_name=_("Lotsin oder Lotse"),
        on_delete=models.CASCADE,
        related_name="coachings",
    )
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Kollegin oder Kollege"),
        on_delete=models.CASCADE,
        related_name="lotsen_coachings",
    )
    competences = models.ManyToManyField(
        "courses.Competence", verbose_name=_("Themen"), blank=True, related_name="+"
    )
    # Consent is given to a person, not to a profile: `consent_to` names the Lotse's user account at the
    # time of consent, and the reader rule requires that the viewer is this very user.
    consent_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Einwilligung erteilt an"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set while the colleague lets the Lotse see their learning progress; None otherwise.
    consent_given_at = models.DateTimeField(_("Einwilligung erteilt am"), null=True, blank=True)
    # Set while the colleague lets the Lotse see their Kompetenz-Check results; a switch of its own.
    self_check_consent_given_at = models.DateTimeField(
        _("Einwilligung Kompetenz-Check erteilt am"), null=True, blank=True
    )
    consent_revoked_at = models.DateTimeField(_("Einwilligung zuletzt widerrufen am"), null=True, blank=True)
    started_at = models.DateTimeField(_("begonnen am"), default=timezone.now)
    # A coaching the Lotse opens without a request waits for the colleague; None until then.
    accepted_at = models.DateTimeField(
        _("von der Kollegin oder dem Kollegen angenommen am"), null=True, blank=True
    )
    ended_at = models.DateTimeField(_("beendet am"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beendet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closing_note = models.CharField(_("Abschlusswort"), max_length=300, blank=True)
    # The other side was told that the coaching ended (once per coaching).
    end_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Begleitung")
        verbose_name_plural = _("Begleitungen")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["lotse", "colleague"], condition=Q(ended_at=None), name="coaching_one_open_per_pair"
            )
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self):
        """How the access log names this coaching as the reason of a read."""
        return f"Coaching #{self.pk}"

    @property
    def is_open(self):
        return self.ended_at is None

    @property
    def is_accepted(self):
        return self.accepted_at is not None

    @property
    def has_consent(self):
        return self.consent_given_at is not None and self.ended_at is None

    @property
    def has_self_check_consent(self):
        return self.self_check_consent_given_at is not None and self.ended_at is None


class CoachingSession(models.Model):
    """A logged session: one colleague in a coaching, or an office hour or group with a head count only."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Einzelbegleitung")
        GROUP = "group", _("Sprechstunde/Gruppe")

    # Deleting a Lotse or a colleague keeps the session for the anonymous aggregates (minutes, format,
    # topics): the links to the people are set to None.
    lotse = models.ForeignKey(
        "lotsen.Lotse",
        verbose_name=_("Lotsin oder Lotse"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    coaching = models.ForeignKey(
        Coaching, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.INDIVIDUAL)
    date = models.DateField(_("Datum"), default=timezone.localdate)
    minutes = models.PositiveSmallIntegerField(
        _("Dauer in Minuten"), default=30, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    format = models.CharField(
        _("Gesprächsform"), max_length=20, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON
    )
    competences = models.ManyToManyField(
        "courses.Competence", verbose_name=_("Themen"), blank=True, related_name="+"
    )
    outcome = models.CharField(_("Ergebnis"), max_length=300, blank=True)
    follow_up = models.CharField(_("Nächster Schritt"), max_length=300, blank=True)
    follow_up_due = models.DateField(_("Nächster Schritt bis"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(_("Nächster Schritt erledigt am"), null=True, blank=True)
    participant_count = models.PositiveSmallIntegerField(
        _("Zahl der Teilnehmenden"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="individual", participant_count__isnull=True)
                    | Q(kind="group", coaching__isnull=True, participant_count__gte=1)
                ),
                name="session_individual_or_anonymous_group",
            ),
            models.CheckConstraint(condition=Q(minutes__gte=1), name="session_minutes_positive"),
        ]
        indexes = [models.Index(fields=["lotse", "date"])]

    def __str__(self):
        return _("Termin am %(date)s") % {"date": self.date}


class PrivateNote(models.Model):
    """The Lotse's own note on a session. A table of its own, so that no listing, export or report
    of sessions can carry it along; only `lotsen.permissions.private_notes_of` reads it.

    It belongs to its author (a user, not a profile): only the author ever reads it, and it goes with them."""

    session = models.OneToOneField(CoachingSession, on_delete=models.CASCADE, related_name="private_note")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verfasst von"),
        on_delete=models.CASCADE,
        related_name="lotsen_private_notes",
        # Null only for notes written before authors were recorded and whose author is gone: nobody reads them.
        null=True,
    )
    text = models.TextField(_("Private Notiz"), max_length=2000)

    class Meta:
        verbose_name = _("private Notiz")
        verbose_name_plural = _("private Notizen")

    def __str__(self):
        return _("Notiz zu Termin #%(id)s") % {"id": self.session_id}
