"""The "Digitaler Kompetenz-Check": one self-assessment per DigComp competence, grouped by submission."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["SelfAssessment", "SelfCheck", "SelfLevel"]


class SelfLevel(models.IntegerChoices):
    """The four steps of the self-assessment, from "cannot" to "can guide others"."""

    UNABLE = 1, _("Ich weiß nicht, wie das geht")
    WITH_SUPPORT = 2, _("Ich kann es mit Unterstützung")
    INDEPENDENT = 3, _("Ich kann es selbstständig")
    GUIDES_OTHERS = 4, _("Ich kann es sicher und kann andere anleiten")


class SelfCheck(models.Model):
    """One submitted check; visible to the person and, with their consent, to their Lotse."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lotsen_self_checks"
    )
    created_at = models.DateTimeField(_("ausgefüllt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Kompetenz-Check")
        verbose_name_plural = _("Kompetenz-Checks")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return _("Kompetenz-Check vom %(date)s") % {"date": timezone.localdate(self.created_at)}


class SelfAssessment(models.Model):
    """How a person rates themselves on one competence in one check."""

    self_check = models.ForeignKey(SelfCheck, on_delete=models.CASCADE, related_name="assessments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lotsen_self_assessments"
    )
    competence = models.ForeignKey(
        "courses.Competence", verbose_name=_("Kompetenz"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("Stufe"), choices=SelfLevel.choices)
    date = models.DateField(_("Datum"), default=timezone.localdate)

    class Meta:
        verbose_name = _("Selbsteinschätzung")
        verbose_name_plural = _("Selbsteinschätzungen")
        constraints = [
            models.UniqueConstraint(
                fields=["self_check", "competence"], name="selfassessment_once_per_check"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="selfassessment_level"
            ),
        ]

    def __str__(self):
        return f"{self.competence.code}: {self.level}"
