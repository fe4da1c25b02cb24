"""The access log: who viewed or exported whose learning data, when and why, and the security events."""

from django.conf import settings
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

__all__ = ["AccessLogEntry", "pseudonym"]

# A reference that names a person without their account: the first 12 hex digits of a keyed HMAC-SHA256.
# Keyed (not a plain hash), so that nobody without the key can test a user id or a username against it;
# derived from SECRET_KEY (or ACCESS_LOG_PSEUDONYM_KEY where an operator sets one, e.g. to rotate
# SECRET_KEY without changing the pseudonyms), so there is no table that maps people to pseudonyms and
# nothing to delete with them. Stored on each entry when it is written: a later change of the key never
# rewrites old entries. 48 bits: a collision among a job centre's few thousand accounts is negligible.
PSEUDONYM_LENGTH = 12
_PERSON_SALT = "learning.access_log.person"
_ATTEMPT_SALT = "learning.access_log.attempted_username"


def _key():
    return getattr(settings, "ACCESS_LOG_PSEUDONYM_KEY", None) or settings.SECRET_KEY


def pseudonym(user_id):
    """The stable pseudonym of an account, the same in every entry about it ("" for none)."""
    if user_id is None:
        return ""
    return salted_hmac(_PERSON_SALT, str(user_id), secret=_key(), algorithm="sha256").hexdigest()[
        :PSEUDONYM_LENGTH
    ]


def attempted_name_pseudonym(username):
    """A pseudonym for a username that belongs to no account (a failed sign-in): repeated attempts with the
    same name show the same reference, and the typed text (sometimes a password) is never stored."""
    text = (username or "").strip().casefold()
    return salted_hmac(_ATTEMPT_SALT, text, secret=_key(), algorithm="sha256").hexdigest()[:PSEUDONYM_LENGTH]


def format_pseudonym(ref):
    """ "3f9a-c21b-7e04": easier to read aloud and compare than 12 digits in a row."""
    return "-".join(ref[i : i + 4] for i in range(0, len(ref), 4))


class AccessLogEntry(models.Model):
    """One view or export of another person's learning data, a change of a person's consent, or a security
    event (sign-in, refused access, change of rights).

    Written only through `learning.privacy`, never edited afterwards. An entry outlives the people it names:
    deleting an account empties `viewer` or `subject`, and the pseudonym written with the entry stays.
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
        # Security events
        SIGN_IN = "sign_in", _("Anmeldung")
        SIGN_IN_FAILED = "sign_in_failed", _("Anmeldung fehlgeschlagen")
        ACCESS_REFUSED = "access_refused", _("Zugriff verweigert")
        GROUPS_CHANGED = "groups_changed", _("Gruppen geändert")
        PERMISSIONS_CHANGED = "permissions_changed", _("Berechtigungen geändert")
        LOG_EXPORTED = "log_exported", _("Zugriffsprotokoll exportiert")
        LOCKED_OUT = "locked_out", _("Anmeldung vorübergehend gesperrt")
        SECOND_FACTOR_CHANGED = "second_factor_changed", _("Zweiter Faktor geändert")
        PASSWORD_CHANGED = "password_changed", _("Passwort geändert")

    # Events about the system's security rather than a read of somebody's learning data.
    SECURITY_EVENTS = (
        Action.SIGN_IN,
        Action.SIGN_IN_FAILED,
        Action.ACCESS_REFUSED,
        Action.GROUPS_CHANGED,
        Action.PERMISSIONS_CHANGED,
        Action.LOG_EXPORTED,
        Action.LOCKED_OUT,
        Action.SECOND_FACTOR_CHANGED,
        Action.PASSWORD_CHANGED,
    )

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="access_log_as_viewer",
    )
    viewer_ref = models.CharField(_("Kennung (wer)"), max_length=PSEUDONYM_LENGTH, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wessen Daten"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="access_log_as_subject",
    )
    subject_ref = models.CharField(_("Kennung (wessen Daten)"), max_length=PSEUDONYM_LENGTH, blank=True)
    action = models.CharField(_("was"), max_length=30, choices=Action.choices)
    reason = models.CharField(_("warum"), max_length=200)
    created_at = models.DateTimeField(_("wann"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Zugriffsprotokoll-Eintrag")
        verbose_name_plural = _("Zugriffsprotokoll")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["subject", "-created_at"]),
            models.Index(fields=["viewer", "-created_at"]),
        ]

    def __str__(self):
        viewer, subject = self.viewer or self.viewer_ref, self.subject or self.subject_ref
        return f"{viewer} → {subject}: {self.action} ({self.reason})"

    def save(self, *args, **kwargs):
        # A safety net for entries created without the helpers in learning.privacy (which set both).
        if self.viewer_id and not self.viewer_ref:
            self.viewer_ref = pseudonym(self.viewer_id)
        if self.subject_id and not self.subject_ref:
            self.subject_ref = pseudonym(self.subject_id)
        super().save(*args, **kwargs)

    @property
    def is_security_event(self):
        return self.action in self.SECURITY_EVENTS
