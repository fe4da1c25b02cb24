"""The two documents in docs/datenschutz/ that are generated from the code: role matrix and deletion concept.

`manage.py roles_matrix` and `manage.py deletion_concept` write them (or, with `--check`, compare them);
a test fails when either file no longer matches the code. Everything here is rendered from the app
registry and settings, not from the database, so the documents are the same on every machine. Texts are
German: the documents are attachments to the service agreement (Dienstvereinbarung).
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils import translation

from . import retention
from .roles import ROLES, WITHDRAWN

DOCS = Path(settings.BASE_DIR) / "docs" / "datenschutz"
ROLES_MATRIX = DOCS / "rollen-und-rechte.md"
DELETION_CONCEPT = DOCS / "loeschkonzept.md"

GENERATED_NOTE = (
    "<!-- Erzeugt von `python manage.py {command}` aus dem Code; nicht von Hand ändern. "
    "Ein Test schlägt fehl, wenn diese Datei nicht mehr zum Code passt. -->"
)

# Django's default actions in German; custom permissions bring their own (German) name in Meta.permissions.
ACTIONS = {
    "add": "anlegen",
    "change": "ändern",
    "delete": "löschen",
    "view": "ansehen",
    "choose": "auswählen",
}
# Permissions whose own name reads badly in a table: (app_label, codename) -> (area, action).
OWN_NAMES = {
    ("wagtailadmin", "access_admin"): ("Adminbereich (Wagtail)", "Zugang"),
    ("lotsen", "report_lotse"): ("Auswertungen des Lotsenprogramms", "ansehen"),
    ("learning", "revoke_certificate"): ("Zertifikate", "widerrufen"),
    ("courses", "attendance_termin"): ("Termine", "Anwesenheit nach Namen ansehen (nur Pflichtschulungen)"),
    ("wagtail_localize", "submit_translation"): (
        "Übersetzungen der öffentlichen Seiten",
        "anstoßen und abgleichen",
    ),
}
AREAS = {
    # wagtailmedia's model has no German name; it stands for the videos (courses.Video) as well.
    ("wagtailmedia", "media"): "Medien: Videos und Audio",
    # The model's plural is a singleton's and reads wrongly ("Lotsenprogramms").
    ("lotsen", "lotsenprogramme"): "Einstellungen des Lotsenprogramms",
}
PAGE_ACTIONS = {
    "add_page": "Seiten anlegen",
    "change_page": "Seiten bearbeiten",
    "publish_page": "Seiten veröffentlichen",
    "lock_page": "Seiten sperren",
    "unlock_page": "Seiten entsperren",
    "bulk_delete_page": "Seiten mit Unterseiten löschen",
}

# Who the role is for, and the rules that are not Django permissions: who may read whose learning data is
# decided by learning.privacy (reader rules) and the report code, not by a permission.
ROLE_TEXTS = {
    "Lernende": (
        "Alle Beschäftigten mit einem Konto.",
        [
            "Sieht die eigenen Lerndaten: Kurse, Fortschritt, Ergebnisse der eigenen Wissenschecks, Zertifikate, "
            "Pflichtschulungen; unter „Meine Daten“ alles über sich und wer es angesehen hat.",
            "Sieht keine Lerndaten anderer Personen.",
            "Kann der eigenen Lotsin oder dem eigenen Lotsen die Einsicht in den Lernfortschritt erlauben und "
            "diese Einwilligung jederzeit widerrufen.",
        ],
    ),
    "BASS-Studierende": (
        "Dual Studierende des BASS-Studiums; Rechte wie Lernende, dazu die Inhalte des BASS-Programms.",
        ["Sieht wie Lernende nur die eigenen Lerndaten."],
    ),
    "Digitalisierungslotsen": (
        "Kolleginnen und Kollegen, die andere beim digitalen Wandel begleiten.",
        [
            "Sieht den Lernfortschritt einer begleiteten Person nur, solange die Begleitung läuft und die "
            "Person eingewilligt hat; den Kompetenz-Check nur mit einer eigenen Einwilligung. Jeder Blick wird "
            "protokolliert.",
            "Sieht nie Antworten, Punktzahlen oder Lernzeiten aus Wissenschecks anderer.",
            "Private Notizen zu Terminen sieht nur, wer sie geschrieben hat.",
            "Sieht keine Auswertungen über andere Lotsinnen und Lotsen, nur die Nutzung des eigenen "
            "Zeitkontingents.",
        ],
    ),
    "Redaktion": (
        "Redakteurinnen und Redakteure der Kurse und der öffentlichen Erklärseiten.",
        [
            "Bearbeitet Inhalte. Liest und erledigt die Rückmeldungen zur Barrierefreiheit (Nachricht, "
            "freiwillig Name und E-Mail-Adresse der meldenden Person).",
            "Übersetzt die öffentlichen Seiten und veröffentlicht die Übersetzungen.",
            "Sieht keine Lerndaten und keine Auswertungen.",
        ],
    ),
    "Koordination": (
        "Schulungskoordination und Personalentwicklung.",
        [
            "Personenbezogen nur bei Pflichtschulungen: Name, Organisationseinheit, Pflichtschulung, fällig bis, "
            "Stand, gültig bis. Jede angezeigte und jede exportierte Person wird protokolliert.",
            "Sieht keine freiwilligen Kurse einzelner Personen, keine Antworten, Punktzahlen oder Lernzeiten aus "
            "Wissenschecks, keine Begleitungen und keine Kompetenz-Checks.",
            "Auswertungen nur zusammengefasst; Gruppen unter 5 Personen erscheinen als „weniger als 5“, bei "
            "den Lotsen-Auswertungen gilt die Regel 5 + 5.",
            "Sieht das Zugriffsprotokoll nicht.",
        ],
    ),
    "Datenschutz": (
        "Die oder der behördliche Datenschutzbeauftragte und ihre oder seine Vertretung.",
        [
            "Liest das Zugriffsprotokoll mit den Sicherheitsereignissen und exportiert es; jeder Export wird "
            "selbst protokolliert.",
            "Liest die Zusammenfassungen der Löschläufe (Zahlen je Kategorie, keine Namen).",
            "Sieht keine Lerndaten, keine Pflichtschulungen und keine Auswertungen.",
        ],
    ),
    "Personalrat": (
        "Mitglieder des Personalrats.",
        [
            "Sieht die zusammengefassten Auswertungen des Lotsenprogramms (Regel 5 + 5) und diese "
            "Dokumentation.",
            "Sieht keine personenbezogenen Daten und nicht das Zugriffsprotokoll.",
        ],
    ),
}

RULES_FOR_ALL = [
    "Personenbezogene Lerndaten sieht die Person selbst; ihre Lotsin oder ihr Lotse nur mit ihrer "
    "Einwilligung; die Koordination nur bei Pflichtschulungen (Stand, Abschlussdatum, Gültigkeit).",
    "Niemand sieht die Antworten, Punktzahlen oder Lernzeiten einer anderen Person aus Wissenschecks.",
    "Jede Ansicht und jeder Export von Lerndaten einer anderen Person wird im Zugriffsprotokoll festgehalten.",
    "Auswertungen zeigen nur zusammengefasste Zahlen; eine Gruppe unter 5 Personen erscheint als "
    "„weniger als 5“.",
    "Administratorinnen und Administratoren (Superuser) haben technisch alle Rechte. Ihre Zahl ist klein zu "
    "halten; Änderungen an Gruppen und Rechten werden als Sicherheitsereignis protokolliert.",
]


def permission_label(app_label, model, codename):
    """(area, action) of a model permission in German, e.g. ("Organisationseinheiten", "anlegen")."""
    if (app_label, codename) in OWN_NAMES:
        return OWN_NAMES[app_label, codename]
    meta = apps.get_model(app_label, model)._meta
    area = AREAS.get((app_label, model), str(meta.verbose_name_plural))
    action = codename.removesuffix(f"_{model}")
    if action in ACTIONS:
        return area, ACTIONS[action]
    return area, str(dict(meta.permissions)[codename])


def _grants_by_area(permissions):
    areas = {}
    for app_label, model, codename in permissions:
        area, action = permission_label(app_label, model, codename)
        areas.setdefault(area, []).append(action)
    return areas


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def matrix_markdown():
    """docs/datenschutz/rollen-und-rechte.md, rendered from learning.roles.ROLES and the reader rules."""
    with translation.override("de"):
        lines = [
            GENERATED_NOTE.format(command="roles_matrix"),
            "",
            "# Rollen und Rechte in Lernhafen",
            "",
            "Anlage zur Dienstvereinbarung „Lernhafen“. Je Rolle: was sie im System sehen und tun darf. Die "
            "Tabellen stammen aus der Rollendefinition im Code (`learning/roles.py`); die Regeln darunter "
            "gelten zusätzlich und werden nicht durch ein Recht, sondern im Programm entschieden "
            "(`learning/privacy.py`, `lotsen/permissions.py`, die Auswertungen).",
            "",
            "## Regeln für alle Rollen",
            "",
        ]
        lines += [f"- {rule}" for rule in RULES_FOR_ALL]
        lines += ["", "## Übersicht", ""]
        names = list(ROLES)
        overview = {}
        for name, grants in ROLES.items():
            for area, actions in _grants_by_area(grants["permissions"] + grants["collection"]).items():
                overview.setdefault(area, {})[name] = ", ".join(actions)
            if grants["page"]:
                overview.setdefault("Seiten", {})[name] = ", ".join(
                    PAGE_ACTIONS[c].removeprefix("Seiten ") for c in grants["page"]
                )
        lines += _table(
            ["Bereich", *names],
            [[area, *(cells.get(n, "–") for n in names)] for area, cells in overview.items()],
        )
        lines += [
            "",
            "„–“: kein Recht. Rollen ohne Eintrag arbeiten nur im Lernportal (`/lernen/`, `/lotsen/`), nicht im "
            "Adminbereich.",
        ]
        for name, grants in ROLES.items():
            who, rules = ROLE_TEXTS[name]
            lines += ["", f"## Rolle „{name}“", "", who, ""]
            rows = [
                [area, ", ".join(actions)] for area, actions in _grants_by_area(grants["permissions"]).items()
            ]
            if grants["page"]:
                rows.append(
                    ["Seiten (ganzer Seitenbaum)", ", ".join(PAGE_ACTIONS[c] for c in grants["page"])]
                )
            for area, actions in _grants_by_area(grants["collection"]).items():
                rows.append([f"{area} (alle Sammlungen)", ", ".join(actions)])
            if rows:
                lines += _table(["Bereich", "Rechte"], rows)
            else:
                lines.append("Keine Rechte im Adminbereich.")
            withdrawn = _grants_by_area(WITHDRAWN.get(name, []))
            if withdrawn:
                taken = "; ".join(f"{area}: {', '.join(actions)}" for area, actions in withdrawn.items())
                lines += ["", f"Ausdrücklich entzogen (auch wenn früher erteilt): {taken}."]
            lines += ["", "Außerdem:", ""]
            lines += [f"- {rule}" for rule in rules]
        return "\n".join(lines) + "\n"


# When the period of each purge starts, in German (learning/retention.py and lotsen/retention.py decide it).
PERIOD_STARTS = {
    "progress_detail": "Abschluss des Kurses",
    "quiz_attempts": "Abgabe des Versuchs",
    "reminders": "Versand der Erinnerung",
    "date_registrations": "Ende des Termins",
    "expired_certificates": "Ende der Gültigkeit oder Widerruf des Zertifikats",
    "accessibility_feedback": "Eingang der Rückmeldung (nur erledigte Rückmeldungen)",
    "access_log": "Schreiben des Eintrags",
    "inactive_accounts": "Deaktivierung des Kontos",
    "expired_sessions": "Ablauf der Sitzung",
    "self_checks": "Ausfüllen des Checks",
    "coachings": "Ende der Begleitung",
    "sessions": "Datum des Termins",
    "help_requests": "Abschluss der Anfrage (erledigt oder zurückgezogen; letzte Änderung)",
}
WHAT_GOES = {
    "reminders": "der Vermerk, welche Erinnerungen an wen an welchem Tag gingen (auch zu Terminen); die "
    "Durchgänge der Pflichtschulungen bleiben",
    "date_registrations": "die Anmeldung mit Platz oder Wartelistenplatz, Abmeldung und Teilnahme (anwesend, "
    "abwesend, entschuldigt); der mit der Teilnahme erreichte Kursabschluss bleibt",
    "progress_detail": "gesehene Abschnitte, Wiedergabeposition und Zeitstempel je Lektion werden geleert; "
    "Abdeckung und Abschluss bleiben",
    "quiz_attempts": "der Versuch mit Antworten, Punktzahl und Ergebnis; der damit erreichte Abschluss bleibt",
    "expired_certificates": "das Zertifikat mit seiner PDF-Datei; der Prüfcode gilt danach nicht mehr",
    "accessibility_feedback": "die Rückmeldung mit Nachricht, Name und E-Mail-Adresse",
    "access_log": "der Eintrag",
    "inactive_accounts": "das Konto mit allem, was daran hängt (Profil, Einschreibungen, Fortschritt, "
    "Versuche, Zertifikate mit PDF, Hilfeanfragen, Begleitungen, Kompetenz-Checks, eigene Notizen)",
    "expired_sessions": "die Anmeldesitzung",
    "self_checks": "der Check mit allen Selbsteinschätzungen",
    "coachings": "die Begleitung mit ihren Terminen und privaten Notizen",
    "sessions": "der Termin mit seiner privaten Notiz (Sprechstunden, Gruppen, Termine ohne Begleitung)",
    "help_requests": "die Anfrage mit ihrer Nachricht",
}
UNITS = {"days": ("Tag", "Tage"), "months": ("Monat", "Monate"), "years": ("Jahr", "Jahre")}


def _period_text(unit, number):
    singular, plural = UNITS[unit]
    return f"{number} {singular if number == 1 else plural}"


def _retention_time():
    """When the beat schedule runs the purge, e.g. "02:30"."""
    schedule = settings.CELERY_BEAT_SCHEDULE["apply-retention"]["schedule"]
    ((hour,), (minute,)) = sorted(schedule.hour), sorted(schedule.minute)
    return f"{hour:02d}:{minute:02d}"


def deletion_concept_markdown():
    """docs/datenschutz/loeschkonzept.md, rendered from RETENTION_DEFAULTS and the registered purges.

    The document states the defaults, not this machine's settings: what a deployment changes is set by the
    environment variables it names.
    """
    with translation.override("de"):
        lines = [
            GENERATED_NOTE.format(command="deletion_concept"),
            "",
            "# Löschkonzept Lernhafen",
            "",
            "Anlage zur Dienstvereinbarung „Lernhafen“. Jede Kategorie personenbezogener Daten hat eine "
            "Aufbewahrungsfrist. Ist sie abgelaufen, löscht eine geplante Aufgabe die Daten jeden Tag um "
            f"{_retention_time()} Uhr (`learning.apply_retention`). Die Tabelle nennt die Kategorien in der "
            "Reihenfolge, in der sie gelöscht werden, mit der voreingestellten Frist.",
            "",
        ]
        rows = []
        for purge in retention.purges():
            default = settings.RETENTION_DEFAULTS.get(purge.category)
            if default is None:
                period, variable = "sofort (die Sitzungsdauer selbst: `SESSION_COOKIE_AGE`)", "–"
            else:
                unit, number = default
                period = _period_text(unit, number)
                variable = f"`LERNHAFEN_RETENTION_{purge.category.upper()}_{unit.upper()}`"
            rows.append(
                [
                    str(purge.label),
                    f"`{purge.category}`",
                    PERIOD_STARTS[purge.category],
                    period,
                    variable,
                    WHAT_GOES[purge.category],
                ]
            )
        lines += _table(
            ["Kategorie", "Schlüssel", "Frist beginnt mit", "Frist", "Einstellung", "gelöscht wird"], rows
        )
        lines += [
            "",
            "## Regeln",
            "",
            "- **Einstellbar.** Jede Frist lässt sich über die genannte Umgebungsvariable ändern: eine positive "
            "ganze Zahl in der genannten Einheit. Ein ungültiger Wert verhindert den Start des Systems mit "
            "einer Meldung, die die Variable nennt. Abweichende Fristen sind in der Dienstvereinbarung "
            "festzuhalten.",
            "- **Zweimal ist einmal.** Ein Löschlauf löscht nur, was noch da ist; ein zweiter Lauf löscht nichts.",
            "- **Dateien gehen mit.** Wird ein Zertifikat gelöscht (auch mit einem Konto), wird seine PDF-Datei "
            "gelöscht.",
            "- **Nachweis.** Jeder Lauf hinterlässt eine Zusammenfassung: Beginn, Ende, Zahl je Kategorie und "
            "fehlgeschlagene Kategorien, ohne Namen. Der Datenschutz liest sie im Adminbereich unter "
            "„Löschläufe“. Eine fehlgeschlagene Kategorie wird beim nächsten Lauf erneut versucht.",
            "- **Probelauf.** `python manage.py apply_retention --dry-run` zählt nur, was gelöscht würde, und "
            "ändert nichts.",
            "- **Zwischenspeicher.** Eine hochgeladene Personalliste (Import der Stammdaten im Adminbereich) "
            "liegt zwischen Vorschau und Bestätigung höchstens eine Stunde im Zwischenspeicher und wird mit dem "
            "Import gelöscht; danach gelten die Fristen der Konten.",
            "- **Was bleibt.** Veröffentlichte Monatszahlen der Lotsen-Auswertungen (ohne Namen und Kennungen) "
            "bleiben; für sie ist noch keine Frist festgelegt (offen, siehe `docs/lotsen-auswertungen.md`). "
            "Das Kalender-Abonnement enthält nur seinen geheimen Schlüssel; es zeigt die Anmeldungen der "
            "Person und wird mit ihnen leer, der Schlüssel geht mit dem Konto oder wenn die Person ihn "
            "widerruft. Einträge im Zugriffsprotokoll überdauern die Löschung der genannten Personen mit einer "
            "Kennung (Pseudonym) bis zu ihrer eigenen Frist.",
            "",
            "Technische Beschreibung (englisch): `docs/retention.md`.",
        ]
        return "\n".join(lines) + "\n"


DOCUMENTS = {
    "roles_matrix": (ROLES_MATRIX, matrix_markdown),
    "deletion_concept": (DELETION_CONCEPT, deletion_concept_markdown),
}


def is_current(name):
    path, render = DOCUMENTS[name]
    return path.exists() and path.read_text(encoding="utf-8") == render()


def write(name):
    path, render = DOCUMENTS[name]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    return path
