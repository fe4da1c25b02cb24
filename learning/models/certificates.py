"""Certificates for completed courses, with a public verification code."""

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

__all__ = ["Certificate"]


def private_storage():
    """Files that only their owner may download; never served under MEDIA_URL."""
    return storages["private"]


def new_verification_code():
    # 128 bits (ASVS 5.0 V11.5.1); older certificates keep their 96-bit codes.
    return secrets.token_urlsafe(16)


def new_certificate_number():
    return "LH-" + secrets.token_hex(4).upper()


class Certificate(models.Model):
    """Issued once per completion of a course (enrolment + completion time)."""

    enrolment = models.ForeignKey(
        "learning.Enrolment",
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("Einschreibung"),
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="certificates")
    completed_at = models.DateTimeField(_("abgeschlossen am"))
    number = models.CharField(
        _("Zertifikatsnummer"), max_length=20, unique=True, default=new_certificate_number
    )
    verification_code = models.CharField(
        max_length=32, unique=True, default=new_verification_code, editable=False
    )
    issued_at = models.DateTimeField(_("ausgestellt am"), auto_now_add=True)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    # Names are copied so the certificate still says what was certified if the course is renamed later.
    holder_name = models.CharField(_("Name"), max_length=300)
    course_title = models.CharField(_("Kurs"), max_length=255)
    pdf = models.FileField(
        _("PDF"), upload_to="certificates/", storage=private_storage, blank=True, editable=False
    )
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True, editable=False)
    revoke_reason = models.CharField(_("Grund des Widerrufs"), max_length=200, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("widerrufen von"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Zertifikat")
        verbose_name_plural = _("Zertifikate")
        ordering = ["-issued_at"]
        permissions = [("revoke_certificate", _("Zertifikate widerrufen"))]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "completed_at"], name="certificate_once_per_completion"
            )
        ]
        # The nightly purge of expired and revoked certificates (learning.retention) reads through these.
        indexes = [
            models.Index(fields=["valid_until"], name="certificate_valid_until"),
            models.Index(
                fields=["revoked_at"],
                condition=models.Q(revoked_at__isnull=False),
                name="certificate_revoked",
            ),
        ]

    def __str__(self):
        return f"{self.number} – {self.holder_name}"

    def state(self, today):
        """One of "valid", "expired", "revoked" on the given day."""
        if self.revoked_at is not None:
            return "revoked"
        if self.valid_until is not None and self.valid_until < today:
            return "expired"
        return "valid"

    def get_verification_url(self):
        return reverse("certificate_verify", args=[self.verification_code])

    def get_download_url(self):
        return reverse("certificate_download", args=[self.pk])
