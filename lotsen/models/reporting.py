"""What the reports need beyond the day-to-day data: who was a Lotse when, and the frozen closed months."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["LotseMembership", "ReportSnapshot"]


class LotseMembership(models.Model):
    """A period in which a Lotse was active; the quota report counts a Lotse in the months of its periods.

    Kept by `Lotse.save()`: switching "aktiv" on opens a period, switching it off closes it.
    """

    lotse = models.ForeignKey("lotsen.Lotse", on_delete=models.CASCADE, related_name="memberships")
    started_on = models.DateField(_("aktiv ab"), default=timezone.localdate)
    ended_on = models.DateField(_("aktiv bis"), null=True, blank=True)

    class Meta:
        verbose_name = _("aktive Zeit einer Lotsin oder eines Lotsen")
        verbose_name_plural = _("aktive Zeiten der Lotsinnen und Lotsen")
        ordering = ["lotse", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["lotse"], condition=models.Q(ended_on=None), name="lotsemembership_one_open"
            )
        ]

    def __str__(self):
        return f"{self.lotse_id}: {self.started_on}–{self.ended_on or ''}"


class ReportSnapshot(models.Model):
    """The published figures of one report for one closed month, written once and never recomputed.

    `data` holds aggregates only (no ids, no names): what the report shows, plus the month's raw sums that
    the quarter rows of the quota report add up.
    """

    report = models.CharField(max_length=40)
    month = models.DateField()
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Monatsabschluss einer Auswertung")
        verbose_name_plural = _("Monatsabschlüsse der Auswertungen")
        constraints = [models.UniqueConstraint(fields=["report", "month"], name="reportsnapshot_once")]

    def __str__(self):
        return f"{self.report} {self.month:%m/%Y}"
