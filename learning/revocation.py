"""Revoking certificates: the check page then calls them invalid; each revocation is in the access log."""

from django.db import transaction
from django.utils import timezone

from . import privacy
from .models import AccessLogEntry, Certificate


class AlreadyRevoked(Exception):
    """The certificate was revoked before; nothing changes."""


def revoke(certificate_id, by, reason):
    """Revoke a certificate with a reason, logged in the access log. Raises AlreadyRevoked the second time."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if certificate.revoked_at is not None:
            raise AlreadyRevoked
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.revoke_reason = reason
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        privacy.log_access(
            by,
            certificate.user,
            AccessLogEntry.Action.CERTIFICATE_REVOKED,
            f"Zertifikat {certificate.number}: {reason}"[:200],
        )
    return certificate
