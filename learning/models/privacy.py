"""The access log: who viewed or exported whose learning data, when and why."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AccessLogEntry"]


class AccessLogEntry(models.Model):
    """One view or export of another person's learning data, or a change of a person's consent.

    Written only through `learning.privacy`, never edited afterwards.
    """

    class Action(models.TextChoices):
        VIEW_PROGRESS = "view_progress", _("Lernfortschritt angesehen")
        VIEW_SELF_CHECK = "view_self_check", _("Kompetenz-Check angesehen")
        EXPORT = "export", _("Daten exportiert")
        CONSENT_GIVEN = "consent_given", _("Einwilligung erteilt")
        CONSENT_REVOKED = "consent_revoked", _("Einwilligung widerrufen")
        CONSENT_ENDED = "consent_ended", _("Einwilligung mit der Begleitung beendet")
        RIGHTS_CHANGED = "rights_changed", _("Rechte geändert")
        CERTIFICATE_REVOKED = "certificate_revoked", _("Zertifikat widerrufen")
        EXEMPTION = "exemption", _("von Pflichtschulung befreit")

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="access_log_as_viewer",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wessen Daten"),
        on_delete=models.CASCADE,
        related_name="access_log_as_subject",
    )
    action = models.CharField(_("was"), max_length=30, choices=Action.choices)
    reason = models.CharField(_("warum"), max_length=200)
    created_at = models.DateTimeField(_("wann"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Zugriffsprotokoll-Eintrag")
        verbose_name_plural = _("Zugriffsprotokoll")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["subject", "-created_at"])]

    def __str__(self):
        return f"{self.viewer} → {self.subject}: {self.action} ({self.reason})"
