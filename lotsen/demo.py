"""Demo content of the Lotsen programme for seed_demo: Lotsen, requests, coachings, sessions, self-checks."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from courses.models import Competence
from learning import roles
from learning.demo import ensure_user
from learning.models import OrgUnit, StaffProfile

from . import services
from .models import (
    Coaching,
    CoachingSession,
    HelpRequest,
    Lotse,
    LotseMembership,
    LotsenProgramme,
    MeetingFormat,
    PrivateNote,
    SelfAssessment,
    SelfCheck,
)

PROGRAMME = (
    "Im Programm „Digitalisierungslotsen Jobcenter Musterkreis“ helfen geschulte Kolleginnen und Kollegen "
    "ihrem Team bei digitalen Aufgaben: E-Akte, Videoberatung, verschlüsselte E-Mail und vieles mehr. "
    "Jede Lotsin und jeder Lotse hat dafür ein festes Zeitkontingent. Die Koordination liegt bei der "
    "Personalentwicklung."
)
OFFICE_HOURS = "Digi-Sprechstunde dienstags 9–11 Uhr, Raum 1.12 und per Video"

# username: (first, last, own unit, units covered, competence codes, tags, quota hours, office hours)
LOTSEN = {
    "lars": ("Lars", "Hoffmann", "IT und Digitalisierung", ["Leistungsgewährung", "Verwaltung"],
             ["2.1", "4.1", "4.2", "5.1"], ["Videoberatung", "Verschlüsselte E-Mail"], 8, OFFICE_HOURS),
    "mehmet": ("Mehmet", "Yılmaz", "Leistungsteam 2", ["Leistungsgewährung"],
               ["1.3", "2.2", "2.4"], ["E-Akte", "Microsoft Teams"], 6, "Donnerstags 13–14 Uhr, Raum 2.04"),
    "sabine": ("Sabine", "Krüger", "Empfang und Terminvergabe", ["Eingangszone"],
               ["2.3", "5.2"], ["Online-Antrag und Dokumenten-Upload"], 6, "Montags 8–9 Uhr, am Empfang"),
    "jonas": ("Jonas", "Weber", "Arbeitsvermittlung", ["Markt und Integration"],
              ["1.1", "1.2", "2.1"], ["Videoberatung"], 8, "Mittwochs 10–11 Uhr per Video"),
    "fatma": ("Fatma", "Demir", "Fallmanagement", ["Fallmanagement"],
              ["2.5", "3.1", "4.3"], ["Barrierefreie Dokumente"], 4, "Nach Absprache"),
    "petra": ("Petra", "Schulz", "Leistungsteam 1", ["Leistungsteam 1"],
              ["1.3", "4.2"], ["E-Akte", "Fachverfahren"], 4, "Freitags 9–10 Uhr, Raum 2.11"),
    "tobias": ("Tobias", "Richter", "Personal und Organisation", ["Verwaltung"],
               ["3.2", "3.4", "5.3"], ["Microsoft Teams"], 6, "Dienstags 14–15 Uhr per Video"),
    "olga": ("Olga", "Petrenko", "IT und Digitalisierung", ["Eingangszone", "Markt und Integration"],
             ["4.1", "5.1", "5.4"], ["Verschlüsselte E-Mail", "Microsoft Teams"], 8, "Täglich 12–12:30 Uhr im Chat"),
    "claudia": ("Claudia", "Braun", "Leistungsteam 1", ["Leistungsgewährung"],
                ["2.6", "3.3", "4.4"], ["Fachverfahren"], 4, "Nach Absprache"),
}  # fmt: skip

# Colleagues who ask for help or are coached (besides anna and bassi from learning.demo).
COLLEAGUES = {
    "lena": ("Lena", "Hofmann", "Leistungsteam 2"),
    "murat": ("Murat", "Kaya", "Arbeitsvermittlung"),
    "heike": ("Heike", "Vogel", "Fallmanagement"),
    "stefan": ("Stefan", "Lange", "Leistungsteam 1"),
    "nadia": ("Nadia", "Haddad", "Empfang und Terminvergabe"),
    "uwe": ("Uwe", "Schmitt", "Personal und Organisation"),
}

# Colleagues of the introduction series: in each of the last three closed months six Lotsen each coach one
# of them by video on DigComp 2.1, and five of them asked for help with the E-Akte; enough people that the
# coordinators' reports (5 colleagues and 5 Lotsen per cell) show figures.
SERIES_COLLEAGUES = {
    "jana": ("Jana", "Wolf", "Leistungsteam 2"),
    "kemal": ("Kemal", "Arslan", "Arbeitsvermittlung"),
    "birgit": ("Birgit", "Neumann", "Fallmanagement"),
    "dirk": ("Dirk", "Schreiber", "Leistungsteam 1"),
    "ines": ("Ines", "Lorenz", "Empfang und Terminvergabe"),
    "paul": ("Paul", "Engel", "Personal und Organisation"),
}
SERIES_LOTSEN = ["mehmet", "sabine", "jonas", "fatma", "tobias", "olga"]
SERIES_OUTCOME = "Einführungsreihe: Zusammenarbeit per Video geübt."

# (Lotse, colleague, consent, ended, competence codes); anna consents herself in the demo walk-through.
COACHINGS = [
    ("lars", "anna", False, False, ["4.2", "2.1"]),
    ("lars", "bassi", True, False, ["4.1"]),
    ("mehmet", "lena", True, False, ["1.3", "2.4"]),
    ("jonas", "murat", False, False, ["2.1"]),
    ("fatma", "heike", True, False, ["3.1"]),
    ("petra", "stefan", False, True, ["1.3"]),
]

# (requester, status, Lotse, competence code or "", free topic, format, message)
REQUESTS = [
    ("bassi", HelpRequest.Status.ASSIGNED, "lars", "4.1", "", MeetingFormat.VIDEO,
     "Ich habe eine E-Mail mit einem Link zu einer Paketverfolgung bekommen. Ist das Phishing?"),
    ("nadia", HelpRequest.Status.ASSIGNED, "sabine", "", "Online-Antrag und Dokumenten-Upload", MeetingFormat.IN_PERSON,
     "Eine Kundin fragt, wie sie Kontoauszüge hochlädt. Ich möchte ihr das gut erklären können."),
    ("uwe", HelpRequest.Status.POOL, None, "", "Fachverfahren", MeetingFormat.PHONE,
     "Ich finde in der Personalverwaltung die neue Urlaubsmaske nicht."),
    ("anna", HelpRequest.Status.ACCEPTED, "lars", "4.2", "", MeetingFormat.IN_PERSON,
     "Darf ich einen Bescheid per E-Mail an eine Kundin schicken?"),
    ("lena", HelpRequest.Status.ACCEPTED, "mehmet", "1.3", "", MeetingFormat.IN_PERSON,
     "Ich möchte die E-Akte besser sortieren."),
    ("stefan", HelpRequest.Status.DONE, "petra", "", "E-Akte", MeetingFormat.IN_PERSON,
     "Wie scanne ich mehrseitige Unterlagen richtig in die E-Akte?"),
]  # fmt: skip

OUTCOMES = [
    ("Verschlüsselung in Outlook eingerichtet und geübt.", "Eine verschlüsselte Mail an das Team schicken"),
    ("Videoberatung einmal gemeinsam ausprobiert.", "Erste Videoberatung mit einer Kundin"),
    ("Ablagestruktur in der E-Akte besprochen.", ""),
    ("Phishing-Merkmale an echten Beispielen geübt.", "Kurs „Informationssicherheit“ beginnen"),
]


def _user(username, first, last, unit, groups):
    user = ensure_user(username, first, last)
    user.groups.add(*Group.objects.filter(name__in=groups))
    StaffProfile.objects.get_or_create(user=user, defaults={"org_unit": unit})
    return user


def _level(username, code, shift=0):
    """A stable, varied demo level 1–4 per person and competence."""
    return 1 + (sum(map(ord, username + code)) + shift) % 4


def seed(stdout):
    today = timezone.localdate()
    units = {unit.name: unit for unit in OrgUnit.objects.all()}
    competences = {c.code: c for c in Competence.objects.filter(framework="DigComp 2.2")}

    programme = LotsenProgramme.load()
    if not programme.description:
        programme.description = PROGRAMME
        programme.save()

    lotsen = {}
    for username, (first, last, unit, covered, codes, tags, hours, office) in LOTSEN.items():
        user = _user(username, first, last, units[unit], [roles.LEARNERS, roles.LOTSEN])
        lotse, created = Lotse.objects.get_or_create(
            user=user, defaults={"monthly_quota_hours": hours, "office_hours": office}
        )
        if created:
            # The demo programme has run for more than a year: the quota report counts its Lotsen back then.
            LotseMembership.objects.filter(lotse=lotse).update(
                started_on=today - datetime.timedelta(days=400)
            )
            lotse.org_units.set([units[name] for name in covered])
            lotse.competences.set([competences[code] for code in codes])
            lotse.tags.set(tags)
        lotsen[username] = lotse

    people = {user.username: user for user in get_user_model().objects.filter(username__in=["anna", "bassi"])}
    for username, (first, last, unit) in COLLEAGUES.items():
        people[username] = _user(username, first, last, units[unit], [roles.LEARNERS])

    coachings = {}
    for lotse_name, colleague, consent, ended, codes in COACHINGS:
        lotse, user = lotsen[lotse_name], people[colleague]
        started = timezone.now() - datetime.timedelta(days=110)
        coaching = Coaching.objects.filter(lotse=lotse, colleague=user).first()
        if coaching is None:
            coaching = Coaching.objects.create(
                lotse=lotse,
                colleague=user,
                started_at=started,
                accepted_at=started,
                consent_to=lotse.user if consent else None,
                consent_given_at=started + datetime.timedelta(days=7) if consent else None,
                ended_at=timezone.now() - datetime.timedelta(days=20) if ended else None,
            )
            coaching.competences.set([competences[code] for code in codes])
        coachings[(lotse_name, colleague)] = coaching

    for requester, status, lotse_name, code, topic, fmt, message in REQUESTS:
        HelpRequest.objects.get_or_create(
            requester=people[requester],
            message=message,
            defaults={
                "status": status,
                "lotse": lotsen.get(lotse_name),
                "competence": competences.get(code),
                "topic": topic,
                "preferred_format": fmt,
                "coaching": coachings.get((lotse_name, requester)),
                "notified_at": timezone.now() if lotse_name else None,
                "created_at": timezone.now()
                - datetime.timedelta(days=3 if status == HelpRequest.Status.ASSIGNED else 100),
            },
        )

    for index, coaching in enumerate(coachings.values()):
        if coaching.sessions.exists():
            continue
        for number, days_ago in enumerate([105, 70, 40, 12][: 2 + index % 3]):
            outcome, follow_up = OUTCOMES[(index + number) % len(OUTCOMES)]
            session = CoachingSession.objects.create(
                lotse=coaching.lotse,
                coaching=coaching,
                date=today - datetime.timedelta(days=days_ago),
                minutes=[30, 45, 60][number % 3],
                format=[MeetingFormat.IN_PERSON, MeetingFormat.VIDEO, MeetingFormat.PHONE][
                    (index + number) % 3
                ],
                outcome=outcome,
                follow_up=follow_up,
                follow_up_due=today + datetime.timedelta(days=7 - days_ago // 10) if follow_up else None,
            )
            session.competences.set(coaching.competences.all())
            if number == 0:
                PrivateNote.objects.create(
                    session=session,
                    author=coaching.lotse.user,
                    text="Wirkt unsicher beim Thema; beim nächsten Mal mehr Zeit einplanen.",
                )

    for index, lotse in enumerate(lotsen.values()):
        if lotse.sessions.filter(kind=CoachingSession.Kind.GROUP).exists():
            continue
        for month in range(4):
            CoachingSession.objects.create(
                lotse=lotse,
                kind=CoachingSession.Kind.GROUP,
                date=today - datetime.timedelta(days=30 * month + index % 5),
                minutes=120,
                format=MeetingFormat.IN_PERSON if month % 2 else MeetingFormat.VIDEO,
                participant_count=3 + (index + month) % 7,
                outcome="Digi-Sprechstunde",
            )

    _seed_series(today, lotsen, units, competences)

    for username, checks in [("anna", [90, 14]), ("bassi", [30]), ("lena", [60])]:
        user = people[username]
        if SelfCheck.objects.filter(user=user).exists():
            continue
        for shift, days_ago in enumerate(checks):
            check = SelfCheck.objects.create(
                user=user, created_at=timezone.now() - datetime.timedelta(days=days_ago)
            )
            SelfAssessment.objects.bulk_create(
                SelfAssessment(
                    self_check=check,
                    user=user,
                    competence=competence,
                    level=min(4, _level(username, code) + shift),
                    date=timezone.localdate(check.created_at),
                )
                for code, competence in competences.items()
                if not competence.is_area
            )
    stdout.write(f"Lotsen: {len(lotsen)} Lotsinnen und Lotsen, Anfragen, Begleitungen und Kompetenz-Checks.")


def _seed_series(today, lotsen, units, competences):
    """The introduction series of the last three closed months (see SERIES_COLLEAGUES); once."""
    if CoachingSession.objects.filter(outcome=SERIES_OUTCOME).exists():
        return
    colleagues = [
        _user(username, first, last, units[unit], [roles.LEARNERS])
        for username, (first, last, unit) in SERIES_COLLEAGUES.items()
    ]
    closed = services.months(today, 4)[1:]
    pairs = list(zip(SERIES_LOTSEN, colleagues, strict=True))
    for lotse_name, colleague in pairs:
        started = timezone.make_aware(datetime.datetime.combine(closed[-1], datetime.time(9)))
        coaching, _created = Coaching.objects.get_or_create(
            lotse=lotsen[lotse_name], colleague=colleague, ended_at=None, defaults={"started_at": started}
        )
        coaching.competences.set([competences["2.1"]])
        for month in closed:
            session = CoachingSession.objects.create(
                lotse=coaching.lotse,
                coaching=coaching,
                date=month.replace(day=8 + SERIES_LOTSEN.index(lotse_name)),
                minutes=45,
                format=MeetingFormat.VIDEO,
                outcome=SERIES_OUTCOME,
            )
            session.competences.set([competences["2.1"]])
    for lotse_name, colleague in pairs[:5]:
        HelpRequest.objects.get_or_create(
            requester=colleague,
            message="Wie lege ich Unterlagen aus der Videoberatung in der E-Akte ab?",
            defaults={
                "status": HelpRequest.Status.DONE,
                "lotse": lotsen[lotse_name],
                "topic": "E-Akte",
                "preferred_format": MeetingFormat.VIDEO,
                "notified_at": timezone.now(),
                "created_at": timezone.make_aware(datetime.datetime.combine(closed[0], datetime.time(10))),
            },
        )
