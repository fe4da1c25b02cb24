"""What retention keeps for itself: one summary row per run, and since when an account is deactivated."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AccountDeactivation", "RetentionRun"]


class RetentionRun(models.Model):
    """One real run of `learning.retention.apply`: when, and how many rows per category went. No names, no ids."""

    started_at = models.DateTimeField(_("begonnen am"))
    finished_at = models.DateTimeField(_("beendet am"))
    # {category: number of rows deleted or emptied}, e.g. {"quiz_attempts": 12, "sessions": 0}
    counts = models.JSONField(_("gelöscht je Kategorie"), default=dict)
    # Categories whose purge failed (logged); the next run tries them again.
    failed = models.JSONField(_("fehlgeschlagen"), default=list, blank=True)

    class Meta:
        verbose_name = _("Löschlauf")
        verbose_name_plural = _("Löschläufe")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}: {sum(self.counts.values())}"


class AccountDeactivation(models.Model):
    """Since when an account is deactivated: the retention period of inactive accounts counts from here.

    Written by `learning.signals` when an account is saved as inactive, removed when it is active again;
    retention stamps inactive accounts that have none (deactivated in bulk, or before this existed) with the
    time of its run, so that no account is deleted before a full period has passed.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deactivation", editable=False
    )
    deactivated_at = models.DateTimeField(_("deaktiviert seit"))

    class Meta:
        verbose_name = _("Deaktivierung eines Kontos")
        verbose_name_plural = _("Deaktivierungen von Konten")

    def __str__(self):
        return f"{self.user_id}: {self.deactivated_at:%Y-%m-%d}"
