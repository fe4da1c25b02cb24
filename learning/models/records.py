"""The learner record: enrolments, per-lesson progress and knowledge-check attempts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["HAS_DETAIL", "Enrolment", "LessonProgress", "QuizAttempt"]

# A LessonProgress row with details beyond its coverage and completion (what retention empties later).
HAS_DETAIL = (
    ~models.Q(intervals=[])
    | ~models.Q(position=0)
    | models.Q(heartbeat_at__isnull=False)
    | ~models.Q(allowance=0)
)


class Enrolment(models.Model):
    """A person takes a course; one row per (user, course), completed when its lessons are.

    Due dates of mandatory trainings are not kept here but in each RequirementCycle: a requirement never
    rewrites what a person chose. A new cycle reopens a completed enrolment (learning.requirements).
    """

    class Source(models.TextChoices):
        SELF = "self", _("selbst eingeschrieben")
        REQUIREMENT = "requirement", _("Pflichtschulung")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("Kurs"), on_delete=models.CASCADE, related_name="enrolments"
    )
    source = models.CharField(_("Herkunft"), max_length=20, choices=Source.choices, default=Source.SELF)
    enrolled_at = models.DateTimeField(_("eingeschrieben am"), auto_now_add=True)
    completed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    # When a new cycle of a mandatory training last reopened it: attendance at earlier dates no longer counts.
    reopened_at = models.DateTimeField(_("erneut geöffnet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Einschreibung")
        verbose_name_plural = _("Einschreibungen")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrolment_unique_user_course")
        ]
        indexes = [models.Index(fields=["user", "completed_at"])]

    def __str__(self):
        return f"{self.user} – {self.course_id}"


class LessonProgress(models.Model):
    """One summary row per (user, lesson): merged watched intervals, resume position, completion."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", verbose_name=_("Lektion"), on_delete=models.CASCADE, related_name="progress"
    )
    # Sorted, disjoint [start, end] pairs in seconds of the lesson's video.
    intervals = models.JSONField(_("angesehene Abschnitte"), default=list, blank=True)
    position = models.FloatField(_("Position zum Fortsetzen"), default=0)
    coverage = models.FloatField(_("angesehener Anteil"), default=0)
    completed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    updated_at = models.DateTimeField(_("zuletzt gelernt"), auto_now=True)
    # The plausibility clock of learning.progress: when the last heartbeat arrived (null: none known yet)
    # and how many seconds of new coverage may still be credited.
    heartbeat_at = models.DateTimeField(_("letzte Fortschrittsmeldung"), null=True, blank=True)
    allowance = models.FloatField(_("anrechenbare Sekunden"), default=0)

    class Meta:
        verbose_name = _("Lernfortschritt")
        verbose_name_plural = _("Lernfortschritte")
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="progress_unique_user_lesson")]
        indexes = [
            models.Index(fields=["user", "-updated_at"]),
            # The rows that still hold watched intervals or a resume position, by lesson: the nightly purge of
            # learning.retention looks for exactly these (about one row in seven at scale), course by course.
            models.Index(fields=["lesson"], condition=HAS_DETAIL, name="progress_with_detail"),
        ]

    def __str__(self):
        return f"{self.user} – {self.lesson_id}: {self.coverage:.0%}"


class QuizAttempt(models.Model):
    """One submitted knowledge check. Visible only to the learner."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="quiz_attempts")
    check_id = models.CharField(max_length=64)
    answers = models.JSONField(default=dict)
    score = models.FloatField()
    passed = models.BooleanField()
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Versuch im Wissenscheck")
        verbose_name_plural = _("Versuche im Wissenscheck")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["user", "lesson", "-submitted_at"])]

    def __str__(self):
        return f"{self.user} – {self.lesson_id}: {self.score:.0%}"
