"""What the Lotsen programme stores about a person, for "Meine Daten" and the Art. 15 download.

Registered with `learning.my_data` in `LotsenConfig.ready()`. The colleague's side: help requests with their
messages, coachings with the consent history, the sessions of their coachings (outcome and next step) and
their Kompetenz-Checks. A Lotse's side: their profile, the coachings they lead and the sessions they logged,
named by reference ("Coaching #12"), never by the colleague's name.

Private notes belong to their author. Whether a colleague learns about the notes on sessions of their own
coaching is what the service agreement says: `LERNHAFEN_EXPORT_PRIVATE_NOTES` is "none" (nothing),
"existence" (the default: that a note exists, with the session's date) or "text" (the note's text as well).
This module and `lotsen.permissions.private_notes_of` are the only readers of PrivateNote.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learning import my_data
from learning.models import AccessLogEntry

from . import permissions
from .models import Coaching, CoachingSession, HelpRequest, Lotse, PrivateNote, SelfAssessment
from .models.selfcheck import SelfLevel

PRIVATE_NOTE_MODES = ("none", "existence", "text")
CONSENT_ACTIONS = (
    AccessLogEntry.Action.CONSENT_GIVEN,
    AccessLogEntry.Action.CONSENT_REVOKED,
    AccessLogEntry.Action.CONSENT_ENDED,
)


def private_note_mode():
    """The service agreement's choice for private notes in a colleague's export (see the module's docstring)."""
    mode = getattr(settings, "LERNHAFEN_EXPORT_PRIVATE_NOTES", "existence")
    if mode not in PRIVATE_NOTE_MODES:
        raise ImproperlyConfigured(
            f"LERNHAFEN_EXPORT_PRIVATE_NOTES must be one of {', '.join(PRIVATE_NOTE_MODES)}, not {mode!r}."
        )
    return mode


def check_private_note_mode(**kwargs):
    """System check: start-up refuses an unknown LERNHAFEN_EXPORT_PRIVATE_NOTES, naming the variable."""
    try:
        private_note_mode()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="lotsen.E001")]
    return []


def _yes_no(value):
    return _("ja") if value else _("nein")


def _topics(item):
    return ", ".join(f"{c.code} {c.title_de}" for c in item.competences.all())


def _help_request_rows(user):
    return [
        {
            _("Anfrage"): str(request),
            _("angefragt am"): request.created_at,
            _("Thema"): request.topic_label,
            _("Ihre Nachricht"): request.message,
            _("Wie möchten Sie sprechen?"): request.get_preferred_format_display(),
            _("Status"): request.get_status_display(),
            _("Lotsin oder Lotse"): request.lotse.name if request.lotse else "",
            _("geändert am"): request.updated_at,
        }
        for request in HelpRequest.objects.filter(requester=user)
        .select_related("competence", "lotse__user")
        .order_by("created_at")
    ]


def _received_coachings(user):
    return (
        Coaching.objects.filter(colleague=user)
        .select_related("lotse__user")
        .prefetch_related("competences")
        .order_by("started_at")
    )


def _ended_by(coaching, user):
    if coaching.ended_at is None:
        return ""
    if coaching.ended_by_id == user.pk:
        return _("Sie")
    if coaching.ended_by_id is not None and coaching.ended_by_id == coaching.lotse.user_id:
        return _("Ihre Lotsin oder Ihr Lotse")
    return _("automatisch oder durch die Koordination")


def _coaching_rows(user):
    return [
        {
            _("Begleitung"): coaching.reference,
            _("Lotsin oder Lotse"): coaching.lotse.name,
            _("Themen"): _topics(coaching),
            _("begonnen am"): coaching.started_at,
            _("angenommen am"): coaching.accepted_at,
            _("beendet am"): coaching.ended_at,
            _("beendet von"): _ended_by(coaching, user),
            _("Abschlusswort"): coaching.closing_note,
        }
        for coaching in _received_coachings(user)
    ]


def _consent_rows(user):
    return [
        {
            _("Begleitung"): coaching.reference,
            _("Lotsin oder Lotse"): coaching.lotse.name,
            _("Lernstand freigegeben seit"): coaching.consent_given_at if coaching.has_consent else None,
            _("Kompetenz-Check freigegeben seit"): (
                coaching.self_check_consent_given_at if coaching.has_self_check_consent else None
            ),
            _("zuletzt widerrufen am"): coaching.consent_revoked_at,
            _("Begleitung beendet am"): coaching.ended_at,
        }
        for coaching in _received_coachings(user)
    ]


def _consent_history_rows(user):
    return [
        {_("wann"): entry.created_at, _("was"): entry.get_action_display(), _("Begleitung"): entry.reason}
        for entry in AccessLogEntry.objects.filter(subject=user, action__in=CONSENT_ACTIONS).order_by(
            "created_at", "pk"
        )
    ]


def _session_rows(user):
    """Sessions of the person's coachings: what was done and what comes next; of a private note, what the
    service agreement allows (its existence, by default)."""
    mode = private_note_mode()
    sessions = (
        CoachingSession.objects.filter(coaching__colleague=user)
        .select_related("coaching")
        .prefetch_related("competences")
        .order_by("date", "created_at")
    )
    if mode != "none":
        sessions = sessions.annotate(has_note=Exists(PrivateNote.objects.filter(session=OuterRef("pk"))))
    if mode == "text":
        sessions = sessions.select_related("private_note")
    rows = []
    for session in sessions:
        row = {
            _("Begleitung"): session.coaching.reference,
            _("Datum"): session.date,
            _("Dauer in Minuten"): session.minutes,
            _("Gesprächsform"): session.get_format_display(),
            _("Themen"): _topics(session),
            _("Ergebnis"): session.outcome,
            _("Nächster Schritt"): session.follow_up,
            _("Nächster Schritt bis"): session.follow_up_due,
            _("Nächster Schritt erledigt am"): session.follow_up_done_at,
        }
        if mode != "none":
            row[_("private Notiz der Lotsin oder des Lotsen vorhanden")] = _yes_no(session.has_note)
        if mode == "text":
            row[_("private Notiz")] = session.private_note.text if session.has_note else ""
        rows.append(row)
    return rows


def _self_check_rows(user):
    levels = dict(SelfLevel.choices)
    return [
        {
            _("Kompetenz-Check vom"): assessment.self_check.created_at,
            _("Kompetenz"): f"{assessment.competence.code} {assessment.competence.title_de}",
            _("Stufe"): assessment.level,
            _("Ihre Einschätzung"): levels.get(assessment.level, ""),
        }
        for assessment in SelfAssessment.objects.filter(user=user, self_check__user=user)
        .select_related("self_check", "competence")
        .order_by("self_check__created_at", "competence__code")
    ]


def _lotse_profile_rows(user):
    lotse = (
        Lotse.objects.filter(user=user)
        .prefetch_related("org_units", "competences", "tags", "memberships")
        .first()
    )
    if lotse is None:
        return []
    periods = "; ".join(
        f"{period.started_on:%d.%m.%Y}–{period.ended_on:%d.%m.%Y}"
        if period.ended_on
        else f"{period.started_on:%d.%m.%Y}–"
        for period in lotse.memberships.all()
    )
    return [
        {
            _("aktiv"): _yes_no(lotse.active),
            _("betreute Organisationseinheiten"): lotse.units(),
            _("Themen"): lotse.topics(),
            _("Zeitkontingent pro Monat (Stunden)"): lotse.monthly_quota_hours,
            _("Digi-Sprechstunde"): lotse.office_hours,
            _("aktive Zeiten"): periods,
        }
    ]


def _led_coaching_rows(user):
    # The coachings the person leads as a Lotse, by reference only: the colleague is somebody else.
    return [
        {
            _("Begleitung"): coaching.reference,
            _("begonnen am"): coaching.started_at,
            _("angenommen am"): coaching.accepted_at,
            _("beendet am"): coaching.ended_at,
            _("Einwilligung an Sie erteilt"): _yes_no(coaching.consent_to_id == user.pk),
        }
        for coaching in Coaching.objects.filter(lotse__user=user).order_by("started_at")
    ]


def _logged_session_rows(user):
    """Sessions the person logged as a Lotse, with their own private notes (which belong to them)."""
    notes = dict(permissions.private_notes_of(user).values_list("session_id", "text"))
    return [
        {
            _("Art"): session.get_kind_display(),
            _("Begleitung"): session.coaching.reference if session.coaching else "",
            _("Datum"): session.date,
            _("Dauer in Minuten"): session.minutes,
            _("Gesprächsform"): session.get_format_display(),
            _("Themen"): _topics(session),
            _("Zahl der Teilnehmenden"): session.participant_count,
            _("Ergebnis"): session.outcome,
            _("Nächster Schritt"): session.follow_up,
            _("Nächster Schritt bis"): session.follow_up_due,
            _("Ihre private Notiz"): notes.get(session.pk, ""),
        }
        for session in CoachingSession.objects.filter(lotse__user=user)
        .select_related("coaching")
        .prefetch_related("competences")
        .order_by("date", "created_at")
    ]


def register():
    """Add the Lotsen sections to learning.my_data (from LotsenConfig.ready)."""
    checks.register(check_private_note_mode)
    section = my_data.register_section
    section(
        "hilfeanfragen",
        gettext_lazy("Hilfeanfragen"),
        _help_request_rows,
        covers=["lotsen.HelpRequest.requester"],
        description=gettext_lazy("Ihre Anfragen an die Digitalisierungslotsen mit Ihrer Nachricht."),
        retention="help_requests",
        retention_from=gettext_lazy("nach dem Abschluss der Anfrage"),
    )
    section(
        "begleitungen",
        gettext_lazy("Lotsen-Begleitungen"),
        _coaching_rows,
        covers=["lotsen.Coaching.colleague", "lotsen.Coaching.ended_by"],
        description=gettext_lazy("Ihre Begleitungen durch eine Lotsin oder einen Lotsen."),
        retention="coachings",
        retention_from=gettext_lazy("nach dem Ende der Begleitung"),
    )
    section(
        "einwilligungen",
        gettext_lazy("Ihre Einwilligungen"),
        _consent_rows,
        description=gettext_lazy("Wem Sie Ihren Lernstand oder Ihren Kompetenz-Check zeigen, Stand heute."),
        retention="coachings",
        retention_from=gettext_lazy("nach dem Ende der Begleitung"),
        on_page=10,
    )
    section(
        "einwilligungen_verlauf",
        gettext_lazy("Verlauf Ihrer Einwilligungen"),
        _consent_history_rows,
        description=gettext_lazy(
            "Wann Sie eingewilligt oder widerrufen haben und wann eine Einwilligung endete."
        ),
        retention="access_log",
        on_page=11,
    )
    section(
        "termine_ihrer_begleitungen",
        gettext_lazy("Termine Ihrer Begleitungen"),
        _session_rows,
        description=gettext_lazy("Was in den Terminen besprochen wurde und was als Nächstes kommt."),
        retention="coachings",
        retention_from=gettext_lazy("nach dem Ende der Begleitung"),
    )
    section(
        "kompetenz_checks",
        gettext_lazy("Kompetenz-Checks"),
        _self_check_rows,
        covers=["lotsen.SelfCheck.user", "lotsen.SelfAssessment.user"],
        description=gettext_lazy("Ihre Selbsteinschätzungen im Digitalen Kompetenz-Check."),
        retention="self_checks",
    )
    section(
        "lotsen_profil",
        gettext_lazy("Ihr Lotsen-Profil"),
        _lotse_profile_rows,
        covers=["lotsen.Lotse.user"],
        description=gettext_lazy("Nur für Lotsinnen und Lotsen: Ihr Profil im Verzeichnis."),
    )
    section(
        "ihre_begleitungen_als_lotse",
        gettext_lazy("Begleitungen, die Sie als Lotsin oder Lotse führen"),
        _led_coaching_rows,
        covers=["lotsen.Coaching.consent_to"],
        description=gettext_lazy("Nur für Lotsinnen und Lotsen, ohne Namen der Kolleginnen und Kollegen."),
        retention="coachings",
        retention_from=gettext_lazy("nach dem Ende der Begleitung"),
    )
    section(
        "von_ihnen_erfasste_termine",
        gettext_lazy("Von Ihnen erfasste Termine"),
        _logged_session_rows,
        covers=["lotsen.PrivateNote.author"],
        description=gettext_lazy("Nur für Lotsinnen und Lotsen: Ihre Termine mit Ihren privaten Notizen."),
        retention="coachings",
        retention_from=gettext_lazy("nach dem Ende der Begleitung"),
    )
