"""Exports too large for one request: requested by a view, built by a Celery worker, deleted after some days.

The rows come from the admin view that lists them (`KINDS`), so the screen, a direct export and a
background export cannot drift apart. That view class provides:

- `for_background_export(user, params)`: a view set up as for `user`'s request with these query
  parameters, or None when `user` may no longer see the listing;
- `filters` (a filter set or None), `get_export_queryset()`, `export_rows(rows)` (CSV rows, headings first), `write_xlsx(rows, output)`;
- `log_rows(rows, action)`: one access-log entry per person in `rows`.

`build` writes the file and the access log of the export together, when the worker runs it; a job that
is done already is left alone, so running it twice writes nothing twice.
"""

import datetime
import io
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from courses.spreadsheets import csv_bytes

from .models import AccessLogEntry, ExportJob

# The views are imported by name when a job runs: a domain module must not depend on the admin at import
# time (and the admin's views import learning.tasks to enqueue the jobs).
KINDS = {ExportJob.Kind.REQUIREMENTS: "learning.viewsets.RequirementReportView"}
FILENAMES = {ExportJob.Kind.REQUIREMENTS: "pflichtschulungen"}
CONTENT_TYPES = {
    ExportJob.Format.CSV: "text/csv; charset=utf-8",
    ExportJob.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Parameters of a listing's URL that say nothing about which rows it lists.
NOT_FILTERS = {"export", "p", "_w_filter_fragment"}
CHOICE_GONE = _("Ihre Auswahl gibt es nicht mehr; bitte fordern Sie den Export neu an.")
NO_PERMISSION = _("Sie dürfen diese Liste nicht mehr sehen; der Export wurde nicht erstellt.")


def async_rows():
    return settings.LEARNING_EXPORT_ASYNC_ROWS


def runs_in_background(row_count):
    """Whether an export of this many rows is built by a worker instead of within the request."""
    return row_count > async_rows()


def keep_until(now=None):
    """Jobs created before this moment are gone (or about to go, at the next purge)."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.LEARNING_EXPORT_KEEP_DAYS)


def request_export(user, kind, query, export_format):
    """A pending job for `user` with the filters of `query` (a QueryDict); the caller enqueues `build`."""
    params = {key: values for key, values in query.lists() if key not in NOT_FILTERS}
    return ExportJob.objects.create(requested_by=user, kind=kind, params=params, format=export_format)


def jobs_of(user, now=None):
    """The exports `user` asked for and may still download (or wait for), newest first."""
    return ExportJob.objects.filter(requested_by=user, created_at__gte=keep_until(now))


def download_name(job):
    return f"{FILENAMES[job.kind]}-{timezone.localdate(job.created_at).isoformat()}.{job.format}"


def build(job_id, now=None):
    """Write the file of a pending job and log every person in it; returns the job, or None if there is
    nothing to do (unknown, or done already)."""
    job = ExportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.state != ExportJob.State.PENDING:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        view = import_string(KINDS[job.kind]).for_background_export(job.requested_by, job.params)
        if view is None:
            return _finish(job, ExportJob.State.FAILED, now, error=str(NO_PERMISSION))
        if view.filters is not None and not view.filters.is_valid():
            # E.g. the chosen unit was deleted meanwhile: without its filter the file would list everybody.
            return _finish(job, ExportJob.State.FAILED, now, error=str(CHOICE_GONE))
        rows = list(view.get_export_queryset())
        content = _content(view, rows, job.format)
    name = f"{FILENAMES[job.kind]}-{secrets.token_hex(8)}.{job.format}"
    job.file.save(name, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            # Lock the job: a second delivery of the message that got this far waits, then finds it done.
            if ExportJob.objects.select_for_update().get(pk=job.pk).state != ExportJob.State.PENDING:
                job.file.delete(save=False)
                return None
            view.log_rows(rows, AccessLogEntry.Action.EXPORT)
            return _finish(job, ExportJob.State.READY, now, rows=len(rows))
    except Exception:
        job.file.delete(save=False)
        raise


def _content(view, rows, export_format):
    if export_format == ExportJob.Format.CSV:
        return csv_bytes(view.export_rows(rows))
    output = io.BytesIO()
    view.write_xlsx(rows, output)
    return output.getvalue()


def _finish(job, state, now, rows=None, error=""):
    job.state, job.rows, job.error = state, rows, error
    job.finished_at = now or timezone.now()
    job.save(update_fields=["state", "rows", "error", "file", "finished_at"])
    return job


def purge(now=None):
    """Delete jobs older than LEARNING_EXPORT_KEEP_DAYS days with their files; returns how many."""
    deleted, _by_model = ExportJob.objects.filter(created_at__lt=keep_until(now)).delete()
    return deleted  # the files go with the rows (learning.signals)
