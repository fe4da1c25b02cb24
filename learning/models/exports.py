"""Exports too large for one request: built by a Celery worker, downloaded later by whoever asked."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .certificates import private_storage

__all__ = ["ExportJob"]


class ExportJob(models.Model):
    """One requested export: what (kind and filters), in which format, and the file once it is built.

    The file holds other people's data, so it lives in the private storage and only `requested_by` may
    download it (learning.viewsets); learning.export_jobs builds it and deletes it after some days.
    """

    class Kind(models.TextChoices):
        REQUIREMENTS = "requirements", _("Stand der Pflichtschulungen")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class State(models.TextChoices):
        PENDING = "pending", _("wird erstellt")
        READY = "ready", _("fertig")
        FAILED = "failed", _("fehlgeschlagen")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angefordert von"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    # The listing's query string (filters and ordering) as a dict of lists, so the worker lists what the
    # requester saw.
    params = models.JSONField(_("Auswahl"), default=dict, blank=True)
    format = models.CharField(_("Format"), max_length=10, choices=Format.choices)
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.PENDING)
    file = models.FileField(_("Datei"), upload_to="exports/", storage=private_storage, blank=True)
    rows = models.PositiveIntegerField(_("Zeilen"), null=True, blank=True)
    error = models.CharField(_("Fehler"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("angefordert am"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("fertig am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Export")
        verbose_name_plural = _("Exporte")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.format}, {self.created_at:%d.%m.%Y %H:%M})"
