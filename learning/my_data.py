"""A person's own data: the sections of "Meine Daten" and of the Art. 15 download, filled by each app.

Every app registers what it stores about a person with `register_section(name, label, rows, covers=...)`:
`rows(user)` returns that person's rows as dicts (German column names), `covers` names the user fields
("app.Model.field") whose rows the section exports. A test walks every field of the project's models that
points at the user model and fails when no section covers it and no reason excuses it, so that a new model
cannot be forgotten. This app registers its sections at the end of this module, the Lotsen app its own in
`LotsenConfig.ready()` (lotsen/my_data.py).

Nothing here is about other people: a row names another person only where the person has a right to know
who it was (who viewed their data, their Lotse). Rows come from querysets filtered by the person's own id.
"""

import datetime
import io
import json
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import Page

from courses.models import Termin, Video
from courses.spreadsheets import csv_bytes

from . import retention
from .certificates import verification_url
from .models import (
    AccessLogEntry,
    CalendarFeed,
    Certificate,
    Enrolment,
    Exemption,
    LessonProgress,
    QuizAttempt,
    Registration,
    ReminderItem,
    RequirementCycle,
    StaffProfile,
    TerminNotice,
)
from .models.org import display_name
from .models.privacy import format_pseudonym

# The reason written to the access log for every download (viewer and subject are the person).
EXPORT_REASON = "Auskunft nach Art. 15 DSGVO"


@dataclass(frozen=True)
class Section:
    """One category of a person's data: a CSV in the archive and a list in daten.json."""

    name: str
    label: str
    rows: object  # callable(user) -> list of dicts
    covers: tuple = ()
    description: str = ""
    # Key of settings.RETENTION for this category, and from when the period runs (shown after it).
    retention: str = ""
    retention_from: str = ""
    # callable(user) -> [(name in the archive, an open-able file)]; for certificate PDFs.
    files: object = None
    # Shown in full on "Meine Daten" when set (in this order), with these columns (all when empty).
    on_page: int = 0
    page_columns: tuple = ()


_sections = {}


def register_section(
    name,
    label,
    rows,
    *,
    covers=(),
    description="",
    retention="",
    retention_from="",
    files=None,
    on_page=0,
    page_columns=(),
):
    """Add a category to "Meine Daten" and the download. Registering a name again replaces it."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"A section name becomes a file name; use a-z, 0-9 and _: {name!r}")
    _sections[name] = Section(
        name=name,
        label=label,
        rows=rows,
        covers=tuple(covers),
        description=description,
        retention=retention,
        retention_from=retention_from,
        files=files,
        on_page=on_page,
        page_columns=tuple(str(column) for column in page_columns),
    )


def sections():
    return list(_sections.values())


def covered_fields():
    """{"app.Model.field": section name} of every user field some section exports."""
    return {covered: section.name for section in _sections.values() for covered in section.covers}


# Retention -------------------------------------------------------------------------------------------------


UNITS = {
    "days": lambda n: ngettext("%(n)d Tag", "%(n)d Tagen", n),
    "months": lambda n: ngettext("%(n)d Monat", "%(n)d Monaten", n),
    "years": lambda n: ngettext("%(n)d Jahr", "%(n)d Jahren", n),
}


def retention_text(category, starting=""):
    """How long a category is kept, as "Meine Daten" says it: "wird gelöscht nach 6 Monaten …" for a
    category with a period in settings.RETENTION (learning.retention), otherwise "solange Ihr Konto besteht"."""
    if category not in settings.RETENTION:
        return _("solange Ihr Konto besteht")
    ((unit, amount),) = retention.period(category).items()
    text = _("wird gelöscht nach %(period)s") % {"period": UNITS[unit](amount) % {"n": amount}}
    return f"{text} {starting}" if starting else text


# Building the page and the archive -------------------------------------------------------------------------


@dataclass
class Category:
    section: Section
    rows: list

    @property
    def retention(self):
        return retention_text(self.section.retention, str(self.section.retention_from))

    @property
    def headings(self):
        if self.section.page_columns:
            return list(self.section.page_columns)
        return list(dict.fromkeys(key for row in self.rows for key in row))

    @property
    def table(self):
        """The rows as shown on the page: one list of display texts per row, in the order of `headings`."""
        headings = self.headings
        return [[display_value(row.get(key)) for key in headings] for row in self.rows]


def display_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "j. F Y, H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j. F Y")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def collect(user):
    """Every section's rows for `user`, in the order the apps registered them."""
    return [Category(section, section.rows(user)) for section in _sections.values()]


def on_page(categories):
    """The categories "Meine Daten" shows in full, in their `on_page` order."""
    return sorted((c for c in categories if c.section.on_page), key=lambda c: c.section.on_page)


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | dict | int | float | bool | str) or value is None:
        return value
    return str(value)


def _csv_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _csv(rows):
    if not rows:
        return csv_bytes([])
    headings = list(dict.fromkeys(key for row in rows for key in row))
    return csv_bytes([headings] + [[_csv_value(row.get(key)) for key in headings] for row in rows])


def archive(user, now=None):
    """The ZIP of Art. 15 for `user`, in memory (one person's data is small): daten.json, one CSV per
    category, and the files the sections name (certificate PDFs)."""
    now = now or timezone.now()
    categories = collect(user)
    document = {
        "erstellt_am": _json_value(now),
        "person": user.get_username(),
        "hinweis": _(
            "Alle Daten, die Lernhafen über Sie speichert. Eine Datei je Kategorie, dazu Ihre Zertifikate."
        ),
        "kategorien": {
            category.section.name: {
                "bezeichnung": str(category.section.label),
                "speicherdauer": category.retention,
                "eintraege": [
                    {key: _json_value(value) for key, value in row.items()} for row in category.rows
                ],
            }
            for category in categories
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("daten.json", json.dumps(document, ensure_ascii=False, indent=2))
        for category in categories:
            zf.writestr(f"{category.section.name}.csv", _csv(category.rows))
            for name, file in category.section.files(user) if category.section.files else ():
                with file.open("rb") as handle:
                    zf.writestr(name, handle.read())
    return buffer.getvalue()


# This app's sections -------------------------------------------------------------------------------------


def _yes_no(value):
    return _("ja") if value else _("nein")


def _profile_rows(user):
    profile = StaffProfile.objects.filter(user=user).select_related("org_unit").first()
    return [
        {
            _("Benutzername"): user.get_username(),
            _("Vorname"): user.first_name,
            _("Nachname"): user.last_name,
            _("E-Mail"): user.email,
            _("Name für Zertifikate"): profile.display_name if profile else "",
            _("Organisationseinheit"): profile.org_unit.name if profile and profile.org_unit else "",
            _("Eintrittsdatum"): profile.entry_date if profile else None,
            _("BASS-Jahrgang"): profile.bass_cohort if profile else None,
            _("Gruppen"): ", ".join(user.groups.order_by("name").values_list("name", flat=True)),
            _("Konto angelegt am"): user.date_joined,
            _("Letzte Anmeldung"): user.last_login,
            _("Konto aktiv"): _yes_no(user.is_active),
        }
    ]


def _course_titles(lessons):
    """{lesson id: title of its course} in one query (a lesson's parent page is its course)."""
    parent_paths = {lesson.pk: lesson.path[: -Page.steplen] for lesson in lessons}
    titles = dict(Page.objects.filter(path__in=set(parent_paths.values())).values_list("path", "title"))
    return {pk: titles.get(path, "") for pk, path in parent_paths.items()}


def _enrolment_rows(user):
    return [
        {
            _("Kurs"): enrolment.course.title,
            _("Herkunft"): enrolment.get_source_display(),
            _("eingeschrieben am"): enrolment.enrolled_at,
            _("abgeschlossen am"): enrolment.completed_at,
        }
        for enrolment in Enrolment.objects.filter(user=user).select_related("course").order_by("enrolled_at")
    ]


def _cycle_rows(user):
    today = timezone.localdate()
    return [
        {
            _("Pflichtschulung"): cycle.requirement.name,
            _("Kurs"): cycle.requirement.course.title,
            _("beginnt am"): cycle.opens_on,
            _("fällig bis"): cycle.due_on,
            _("überfällig ab"): cycle.overdue_from,
            _("erledigt am"): cycle.done_at,
            _("gültig bis"): cycle.valid_until,
            _("beendet am"): cycle.ended_at,
            _("Stand heute"): cycle.state(today).label,
        }
        for cycle in RequirementCycle.objects.filter(user=user)
        .select_related("requirement__course")
        .order_by("opens_on", "pk")
    ]


def _exemption_rows(user):
    return [
        {
            _("Pflichtschulung"): exemption.requirement.name,
            _("Grund"): exemption.reason,
            _("befreit bis"): exemption.until,
            _("eingetragen am"): exemption.created_at,
        }
        for exemption in Exemption.objects.filter(user=user)
        .select_related("requirement")
        .order_by("created_at")
    ]


def _reminder_rows(user):
    return [
        {
            _("Tag"): item.digest.sent_on,
            _("Erinnerung"): item.get_kind_display(),
            _("Pflichtschulung"): item.cycle.requirement.name,
            _("versandt am"): item.digest.sent_at,
            _("Kopie an Lotsin oder Lotsen"): item.digest.copied_to_lotse,
        }
        for item in ReminderItem.objects.filter(digest__user=user)
        .select_related("digest", "cycle__requirement")
        .order_by("digest__sent_on", "pk")
    ]


def _progress_rows(user):
    records = list(LessonProgress.objects.filter(user=user).select_related("lesson").order_by("updated_at"))
    courses = _course_titles([record.lesson for record in records])
    return [
        {
            _("Kurs"): courses[record.lesson_id],
            _("Lektion"): record.lesson.title,
            _("angesehener Anteil (%)"): round(record.coverage * 100),
            _("angesehene Abschnitte (Sekunden)"): record.intervals,
            _("Position zum Fortsetzen (Sekunden)"): round(record.position),
            _("abgeschlossen am"): record.completed_at,
            _("zuletzt gelernt"): record.updated_at,
            _("letzte Fortschrittsmeldung"): record.heartbeat_at,
        }
        for record in records
    ]


def quiz_attempts(user):
    """The person's own knowledge-check attempts, newest first: shown to them and to nobody else."""
    attempts = list(QuizAttempt.objects.filter(user=user).select_related("lesson").order_by("-submitted_at"))
    courses = _course_titles([attempt.lesson for attempt in attempts])
    for attempt in attempts:
        attempt.course_title = courses[attempt.lesson_id]
    return attempts


def _quiz_rows(user):
    return [
        {
            _("Kurs"): attempt.course_title,
            _("Lektion"): attempt.lesson.title,
            _("abgegeben am"): attempt.submitted_at,
            _("Ergebnis (%)"): round(attempt.score * 100),
            _("bestanden"): _yes_no(attempt.passed),
            _("Antworten"): attempt.answers,
        }
        for attempt in quiz_attempts(user)
    ]


def _own_certificates(user):
    return Certificate.objects.filter(user=user).order_by("issued_at")


def _certificate_file_name(certificate):
    return f"zertifikate/Zertifikat-{certificate.number}.pdf"


def _certificate_rows(user):
    today = timezone.localdate()
    states = {"valid": _("gültig"), "expired": _("abgelaufen"), "revoked": _("widerrufen")}
    return [
        {
            _("Zertifikatsnummer"): certificate.number,
            _("Kurs"): certificate.course_title,
            _("Name"): certificate.holder_name,
            _("abgeschlossen am"): certificate.completed_at,
            _("ausgestellt am"): certificate.issued_at,
            _("gültig bis"): certificate.valid_until,
            _("Stand heute"): states[certificate.state(today)],
            _("widerrufen am"): certificate.revoked_at,
            _("Grund des Widerrufs"): certificate.revoke_reason,
            _("Prüfadresse"): verification_url(certificate),
            _("PDF im Archiv"): _certificate_file_name(certificate) if certificate.pdf else "",
        }
        for certificate in _own_certificates(user)
    ]


def _certificate_files(user):
    return [(_certificate_file_name(c), c.pdf) for c in _own_certificates(user) if c.pdf]


def viewer_name(entry):
    if entry.viewer_id == entry.subject_id and entry.viewer_id is not None:
        return _("Sie selbst")
    if entry.viewer_id is None:
        if entry.viewer_ref:
            return _("gelöschte Person (Kennung %(ref)s)") % {"ref": format_pseudonym(entry.viewer_ref)}
        return _("das System")
    return display_name(entry.viewer)


def log_as_subject(user):
    """Access-log entries about `user`: who viewed or exported their data, and their consent changes."""
    return (
        AccessLogEntry.objects.filter(subject=user)
        .exclude(action__in=AccessLogEntry.SECURITY_EVENTS)
        .select_related("viewer")
        .order_by("-created_at", "-pk")
    )


def _security_rows(user):
    # Sign-ins, refused accesses and changes of the person's rights: their data too (Art. 15).
    return [
        {_("wann"): entry.created_at, _("was"): entry.get_action_display(), _("Einzelheiten"): entry.reason}
        for entry in AccessLogEntry.objects.filter(
            subject=user, action__in=AccessLogEntry.SECURITY_EVENTS
        ).order_by("-created_at", "-pk")
    ]


def _subject_rows(user):
    return [
        {
            _("wann"): entry.created_at,
            _("wer"): viewer_name(entry),
            _("was"): entry.get_action_display(),
            _("warum"): entry.reason,
        }
        for entry in log_as_subject(user)
    ]


def _viewer_rows(user):
    # Whose data it was stays out: the person's export carries nothing about other people. The reason
    # (a coaching or certificate reference) is what the person wrote down for the access.
    return [
        {_("wann"): entry.created_at, _("was"): entry.get_action_display(), _("warum"): entry.reason}
        for entry in AccessLogEntry.objects.filter(viewer=user)
        .exclude(action__in=AccessLogEntry.SECURITY_EVENTS)
        .filter(~Q(subject=user))
        .order_by("-created_at", "-pk")
    ]


def _registration_rows(user):
    return [
        {
            _("Kurs"): registration.termin.course.title,
            _("Termin"): registration.termin.when_label,
            _("Ort"): registration.termin.place_label,
            _("Stand"): registration.get_state_display(),
            _("angemeldet am"): registration.queued_at,
            _("Teilnahme"): registration.get_attendance_display(),
            _("Teilnahme eingetragen am"): registration.attendance_marked_at,
        }
        for registration in Registration.objects.filter(user=user)
        .select_related("termin__course")
        .order_by("termin__starts_at", "pk")
    ]


def _termin_notice_rows(user):
    return [
        {
            _("Kurs"): notice.termin.course.title,
            _("Termin"): notice.termin.when_label,
            _("Nachricht"): notice.get_kind_display(),
            _("versandt am"): notice.sent_at,
        }
        for notice in TerminNotice.objects.filter(user=user).select_related("termin__course").order_by("pk")
    ]


def _trainer_rows(user):
    return [
        {_("Kurs"): termin.course.title, _("Termin"): termin.when_label, _("Ort"): termin.place_label}
        for termin in Termin.objects.filter(trainers=user)
        .select_related("course")
        .order_by("starts_at", "pk")
    ]


def _calendar_feed_rows(user):
    # The token itself is left out: it is a secret like a password, and the page can renew it.
    return [
        {_("Kalender-Abonnement eingerichtet oder erneuert am"): feed.created_at}
        for feed in CalendarFeed.objects.filter(user=user)
    ]


def _video_rows(user):
    return [
        {_("Titel"): video.title, _("hochgeladen am"): video.created_at}
        for video in Video.objects.filter(uploaded_by_user=user).order_by("created_at")
    ]


register_section(
    "profil",
    gettext_lazy("Profil und Gruppen"),
    _profile_rows,
    covers=["learning.StaffProfile.user"],
    description=gettext_lazy("Name, E-Mail, Organisationseinheit, Eintrittsdatum und Ihre Rollen."),
    retention="inactive_accounts",
    retention_from=gettext_lazy("ohne Anmeldung"),
)
register_section(
    "einschreibungen",
    gettext_lazy("Einschreibungen"),
    _enrolment_rows,
    covers=["learning.Enrolment.user"],
    description=gettext_lazy("Welche Kurse Sie belegt und wann Sie sie abgeschlossen haben."),
)
register_section(
    "pflichtschulungen",
    gettext_lazy("Pflichtschulungen"),
    _cycle_rows,
    covers=["learning.RequirementCycle.user"],
    description=gettext_lazy("Ihre Durchgänge von Pflichtschulungen mit Fälligkeit und Erledigung."),
)
register_section(
    "befreiungen",
    gettext_lazy("Befreiungen von Pflichtschulungen"),
    _exemption_rows,
    covers=["learning.Exemption.user"],
    description=gettext_lazy("Wann und warum Sie von einer Pflichtschulung befreit sind."),
)
register_section(
    "erinnerungen",
    gettext_lazy("Erinnerungen"),
    _reminder_rows,
    covers=["learning.ReminderDigest.user"],
    description=gettext_lazy("Welche Erinnerungs-E-Mails zu Pflichtschulungen Sie wann bekommen haben."),
    retention="reminders",
    retention_from=gettext_lazy("nach dem Versand"),
)
register_section(
    "lernfortschritt",
    gettext_lazy("Lernfortschritt"),
    _progress_rows,
    covers=["learning.LessonProgress.user"],
    description=gettext_lazy(
        "Je Lektion: wie viel Sie vom Video gesehen haben und wann Sie sie abgeschlossen haben."
    ),
    retention="progress_detail",
    retention_from=gettext_lazy("nach Abschluss des Kurses"),
)
register_section(
    "wissenschecks",
    gettext_lazy("Wissenschecks"),
    _quiz_rows,
    covers=["learning.QuizAttempt.user"],
    description=gettext_lazy("Ihre Versuche mit Antworten und Ergebnis. Nur Sie sehen sie."),
    retention="quiz_attempts",
    on_page=30,
    page_columns=[
        gettext_lazy("Kurs"),
        gettext_lazy("Lektion"),
        gettext_lazy("abgegeben am"),
        gettext_lazy("Ergebnis (%)"),
        gettext_lazy("bestanden"),
    ],
)
register_section(
    "zertifikate",
    gettext_lazy("Zertifikate"),
    _certificate_rows,
    covers=["learning.Certificate.user"],
    description=gettext_lazy("Ihre Zertifikate. Die PDF-Dateien liegen im Archiv im Ordner „zertifikate“."),
    retention="expired_certificates",
    retention_from=gettext_lazy("nach Ablauf der Gültigkeit"),
    files=_certificate_files,
)
register_section(
    "zugriffe_auf_ihre_daten",
    gettext_lazy("Wer hat meine Daten gesehen?"),
    _subject_rows,
    covers=["learning.AccessLogEntry.subject"],
    description=gettext_lazy(
        "Jeder Blick anderer auf Ihre Lerndaten, jeder Export und jede Änderung Ihrer Einwilligungen."
    ),
    retention="access_log",
    on_page=20,
)
register_section(
    "anmeldungen_und_rechte",
    gettext_lazy("Anmeldungen und Rechte"),
    _security_rows,
    covers=["learning.AccessLogEntry.subject"],
    description=gettext_lazy(
        "Ihre Anmeldungen, fehlgeschlagene Anmeldeversuche mit Ihrem Benutzernamen, verweigerte Zugriffe "
        "und Änderungen Ihrer Rechte."
    ),
    retention="access_log",
)
register_section(
    "ihre_zugriffe",
    gettext_lazy("Ihre Zugriffe auf Daten anderer"),
    _viewer_rows,
    covers=["learning.AccessLogEntry.viewer"],
    description=gettext_lazy(
        "Wann Sie Daten anderer angesehen oder geändert haben, mit dem Grund. Ohne Namen."
    ),
    retention="access_log",
)
register_section(
    "termine",
    gettext_lazy("Termine"),
    _registration_rows,
    covers=["learning.Registration.user"],
    description=gettext_lazy("Ihre Anmeldungen zu Terminen, Ihr Platz auf Wartelisten und Ihre Teilnahme."),
)
register_section(
    "terminnachrichten",
    gettext_lazy("Nachrichten zu Terminen"),
    _termin_notice_rows,
    covers=["learning.TerminNotice.user"],
    description=gettext_lazy("Erinnerungen an Termine, die wir Ihnen geschickt haben."),
)
register_section(
    "termine_als_leitung",
    gettext_lazy("Termine, die Sie leiten"),
    _trainer_rows,
    covers=["courses.Termin.trainers"],
    description=gettext_lazy("Termine, bei denen Sie als Trainerin oder Trainer eingetragen sind."),
)
register_section(
    "kalender_abonnement",
    gettext_lazy("Kalender-Abonnement"),
    _calendar_feed_rows,
    covers=["learning.CalendarFeed.user"],
    description=gettext_lazy(
        "Ob Sie Ihre Termine als Kalender abonniert haben. Die geheime Adresse steht nicht hier."
    ),
)
register_section(
    "hochgeladene_videos",
    gettext_lazy("Hochgeladene Videos"),
    _video_rows,
    covers=["courses.Video.uploaded_by_user"],
    description=gettext_lazy("Nur für die Redaktion: Videos, die Sie hochgeladen haben."),
)
