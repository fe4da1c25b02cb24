"""Demo org units and accounts for seed_demo. The password is for the embedded demo only."""

import base64
import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from courses.models import CoursePage, LessonPage, ProgrammePage, Termin

from . import completion, reminders, requirements, roles, termine
from .models import Exemption, OrgUnit, Registration, RequirementCycle, StaffProfile, TrainingRequirement

DEMO_PASSWORD = "lernhafen-demo"  # noqa: S105 - the documented demo password, embedded default only
# The privileged demo accounts sign in with a second factor (learning.mfa): fixed TOTP secrets (Base32) that
# README.md shows, so that anyone trying the demo can add them to an authenticator app or use oathtool.
DEMO_TOTP_SECRETS = {
    "rita": "NRSXE3TIMFTGK3RNMRSW23ZNOJUXIYJN",
    "kai": "NRSXE3TIMFTGK3RNMRSW23ZNNNQWSLJN",
    "dora": "NRSXE3TIMFTGK3RNMRSW23ZNMRXXEYJN",
    "admin": "NRSXE3TIMFTGK3RNMRSW23ZNMFSG22LO",
}

ORG_UNITS = {
    "Eingangszone": ["Empfang und Terminvergabe"],
    "Leistungsgewährung": ["Leistungsteam 1", "Leistungsteam 2"],
    "Markt und Integration": ["Arbeitsvermittlung", "Fallmanagement"],
    "Verwaltung": ["IT und Digitalisierung", "Personal und Organisation"],
}

# username: (first name, last name, roles, org unit, BASS cohort)
ACCOUNTS = {
    "anna": ("Anna", "Becker", [roles.LEARNERS], "Leistungsteam 1", None),
    "bassi": ("Bastian", "Sommer", [roles.LEARNERS, roles.BASS_STUDENTS], "Fallmanagement", 2025),
    "lars": ("Lars", "Hoffmann", [roles.LEARNERS, roles.LOTSEN], "IT und Digitalisierung", None),
    "rita": ("Rita", "Neumann", [roles.LEARNERS, roles.EDITORS], "Personal und Organisation", None),
    "kai": ("Kai", "Wagner", [roles.LEARNERS, roles.COORDINATION], "Personal und Organisation", None),
    "dora": ("Dora", "Schmidt", [roles.LEARNERS, roles.DATA_PROTECTION], "Personal und Organisation", None),
    "paul": ("Paul", "Krüger", [roles.LEARNERS, roles.STAFF_COUNCIL], "Leistungsteam 1", None),
}


# Mandatory trainings of the demo: (course slug, fields).
REQUIREMENTS = {
    "datenschutz": (
        "datenschutz-unterweisung",
        {
            "name": "Jährliche Datenschutzunterweisung",
            "all_staff": True,
            "interval_months": 12,
            "window": TrainingRequirement.Window.CALENDAR_YEAR,
            "due_month": 12,
            "due_day": 31,
            "first_due_days": 30,
            "grace_days": 0,
            "legal_basis": "§ 35 SGB I, §§ 67 ff. SGB X",
        },
    ),
    "phishing": (
        "phishing-erkennen",
        {
            "name": "Informationssicherheit: Phishing erkennen (alle 12 Monate)",
            "all_staff": True,
            "interval_months": 12,
            "window": TrainingRequirement.Window.ROLLING,
            "first_due_days": 30,
            "renewal_days": 30,
            "grace_days": 7,
            "legal_basis": "IT-Sicherheitsleitlinie des Jobcenters (BSI IT-Grundschutz ORP.3)",
        },
    ),
}

# Demo colleagues without a login, so that teams have five people or more (the overview suppresses smaller
# figures) and every state occurs. username: (first name, last name, org unit, Datenschutz, Phishing).
# Datenschutz: done (last year and this year), due (last year only: renewal due on 31.12.), overdue (last
# year's never done), exempt. Phishing: done (60 days ago), expiring (11½ months ago: the certificate runs out
# within 30 days, the renewal is open), due (entered 10 days ago), overdue (entered 60 days ago), exempt.
COLLEAGUES = {
    "miriam": ("Miriam", "Keller", "Leistungsteam 1", "done", "done"),
    "thomas": ("Thomas", "Berger", "Leistungsteam 1", "overdue", "expiring"),
    "sevgi": ("Sevgi", "Aydın", "Leistungsteam 1", "exempt", "exempt"),
    "frank": ("Frank", "Ziegler", "Leistungsteam 1", "due", "due"),
    "katrin": ("Katrin", "Fuchs", "Leistungsteam 2", "done", "expiring"),
    "ali": ("Ali", "Karaca", "Leistungsteam 2", "due", "overdue"),
    "monika": ("Monika", "Scholz", "Leistungsteam 2", "done", "done"),
    "jens": ("Jens", "Krause", "Leistungsteam 2", "overdue", "due"),
    "elif": ("Elif", "Şahin", "Arbeitsvermittlung", "done", "expiring"),
    "ralf": ("Ralf", "Baumann", "Arbeitsvermittlung", "due", "done"),
    "sandra": ("Sandra", "Lehmann", "Fallmanagement", "exempt", "done"),
    "oksana": ("Oksana", "Melnyk", "Fallmanagement", "overdue", "overdue"),
}

EXEMPTION_REASONS = {"sevgi": "Elternzeit", "sandra": "Sonderurlaub"}


def ensure_org_units():
    units = {}
    for area, teams in ORG_UNITS.items():
        parent, _ = OrgUnit.objects.get_or_create(name=area, parent=None)
        units[area] = parent
        for team in teams:
            units[team], _ = OrgUnit.objects.get_or_create(name=team, parent=parent)
    return units


def ensure_user(username, first_name="", last_name="", superuser=False, login=True):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@jobcenter-musterkreis.example",
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if created:
        if login:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def seed_second_factors():
    """A confirmed TOTP device with the documented secret for each privileged demo account."""
    User = get_user_model()
    for username, secret in DEMO_TOTP_SECRETS.items():
        user = User.objects.get(username=username)
        TOTPDevice.objects.get_or_create(
            user=user,
            name="Demo-App",
            defaults={"key": base64.b32decode(secret).hex(), "confirmed": True},
        )


def seed_colleagues(units):
    """Demo colleagues who only fill the teams: learners without a password."""
    learners = Group.objects.filter(name=roles.LEARNERS)
    for username, (first, last, unit, *_scenarios) in COLLEAGUES.items():
        user = ensure_user(username, first, last, login=False)
        user.groups.add(*learners)
        StaffProfile.objects.update_or_create(user=user, defaults={"org_unit": units[unit]})


def seed(stdout):
    units = ensure_org_units()
    for username, (first, last, role_names, unit, cohort) in ACCOUNTS.items():
        user = ensure_user(username, first, last)
        user.groups.add(*Group.objects.filter(name__in=role_names))
        StaffProfile.objects.update_or_create(
            user=user, defaults={"org_unit": units[unit], "bass_cohort": cohort}
        )
    seed_colleagues(units)
    seed_programme_audiences()
    seed_learning_records()
    seed_requirements()
    seed_dates()
    admin = ensure_user("admin", "Ada", "Admin", superuser=True)
    StaffProfile.objects.get_or_create(user=admin, defaults={"org_unit": units["IT und Digitalisierung"]})
    seed_second_factors()
    stdout.write(f"Konten: {', '.join([*ACCOUNTS, 'admin'])} (Passwort: {DEMO_PASSWORD}).")
    stdout.write(f"Zweiter Faktor (TOTP, siehe README): {', '.join(DEMO_TOTP_SECRETS)}.")


# programme slug: the role group that is its audience (sees its courses first, and its placeholders).
PROGRAMME_AUDIENCES = {"bass-studium": roles.BASS_STUDENTS}


def seed_programme_audiences():
    for slug, group_name in PROGRAMME_AUDIENCES.items():
        group = Group.objects.filter(name=group_name).first()
        for programme in ProgrammePage.objects.filter(slug=slug, audience_group__isnull=True):
            programme.audience_group = group
            programme.save_revision().publish()


def seed_learning_records():
    """Give bassi and anna lessons in progress. "E-Akte im Jobcenter: Grundlagen" stays untouched for the
    walk-through in the README; anna's mandatory trainings come from `seed_requirements`."""
    User = get_user_model()
    anna, bassi = (User.objects.get(username=name) for name in ("anna", "bassi"))
    courses = {course.slug: course for course in CoursePage.objects.live()}
    if "datenschutz-unterweisung" not in courses:
        return  # the course catalogue was not seeded
    _complete_first_lesson(anna, courses["videoberatung"])
    _complete_first_lesson(bassi, courses["bass-modul-1-grundlagen-sgb-ii"])


def seed_requirements(now=None):
    """The two mandatory trainings with a back-dated history for anna and the demo colleagues, so that the
    overview shows every state. A person's history is written once (when they have no cycle yet); the
    engine gets explicit dates, so the demo needs no clock tricks."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    courses = {course.slug: course for course in CoursePage.objects.live()}
    if not {"datenschutz-unterweisung", "phishing-erkennen"} <= set(courses):
        return {}
    created = {}
    for key, (slug, fields) in REQUIREMENTS.items():
        created[key], _ = TrainingRequirement.objects.get_or_create(
            name=fields["name"],
            defaults={**fields, "course": courses[slug], "starts_on": datetime.date(today.year - 1, 1, 1)},
        )
    User = get_user_model()
    people = {"anna": ("datenschutz_due", "phishing_expiring_soon")} | {
        username: (f"datenschutz_{ds}", f"phishing_{ph}") for username, (*_, ds, ph) in COLLEAGUES.items()
    }
    for username, scenarios in people.items():
        user = User.objects.get(username=username)
        for key, scenario in zip(REQUIREMENTS, scenarios, strict=True):
            _history(created[key], user, scenario, now)
    return created


def finish(stdout):
    """Once every app has seeded (lotsen.demo adds staff too): everybody's cycles as of today, and today's
    reminder mails (in the embedded default files in var/mail/), as beat would send them at 6:00."""
    requirements.sync_all()
    outcome = reminders.send_reminders()
    stdout.write(f"Erinnerungen: {outcome.sent} E-Mails verschickt.")


def _history(requirement, user, scenario, now):
    """Replay one person's past of a requirement with explicit dates; nothing when they have cycles already."""
    if RequirementCycle.objects.filter(requirement=requirement, user=user).exists():
        return
    today = timezone.localdate(now)
    last_year = datetime.date(today.year - 1, 3, 1)
    if scenario.endswith("exempt"):
        Exemption.objects.get_or_create(
            requirement=requirement,
            user=user,
            defaults={
                "reason": EXEMPTION_REASONS.get(user.username, "Elternzeit"),
                "until": today + datetime.timedelta(days=150),
            },
        )
    steps = {
        # (the day they entered the audience, completions)
        "datenschutz_done": (
            last_year,
            [
                _at(today.year - 1, 10, 15),
                max(_at(today.year, 1, 1, hour=0), now - datetime.timedelta(days=21)),
            ],
        ),
        "datenschutz_due": (last_year, [_at(today.year - 1, 10, 15)]),
        "datenschutz_overdue": (last_year, []),
        "datenschutz_exempt": (last_year, []),
        "phishing_done": (today - datetime.timedelta(days=75), [now - datetime.timedelta(days=60)]),
        "phishing_expiring": (today - datetime.timedelta(days=360), [now - datetime.timedelta(days=345)]),
        # anna: her certificate runs out in about ten days, so "Mein Lernen" lists the renewal as due soon.
        "phishing_expiring_soon": (
            today - datetime.timedelta(days=360),
            [now - datetime.timedelta(days=355)],
        ),
        "phishing_due": (today - datetime.timedelta(days=10), []),
        "phishing_overdue": (today - datetime.timedelta(days=60), []),
        "phishing_exempt": (today - datetime.timedelta(days=60), []),
    }
    entered, completions = steps[scenario]
    requirements.sync(
        requirement, [user.pk], today=entered, now=_at(entered.year, entered.month, entered.day)
    )
    for done_at in completions:
        done_on = timezone.localdate(done_at)
        # A renewal opens (and reopens the enrolment) on its day, then the person completes the course.
        requirements.sync(requirement, [user.pk], today=done_on, now=done_at)
        course = requirement.course
        for lesson in LessonPage.objects.live().child_of(course):
            _complete(user, lesson, now=done_at)
        enrolment = completion.update_course_completion(user.pk, course.pk, now=done_at)
        requirements.sync(requirement, [user.pk], today=done_on, now=done_at)
        if enrolment is not None:
            completion.issue_certificate(enrolment.pk)


def _at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def _complete(user, lesson, now=None):
    """Complete a lesson the way its rule asks (the demo learner did what the lesson wants)."""
    completion.complete_lesson(user, lesson, completion.Evidence(lesson.completion_rule), now=now)


def _complete_first_lesson(user, course):
    completion.enrol(user, course)
    _complete(user, LessonPage.objects.live().child_of(course).order_by("path").first())


# Course dates (learning.termine). The README walk-through: anna registers for the full second video date
# (waiting list), bassi cancels, anna moves up; lars, the trainer, marks her present and her course is done.
VIDEO_LINK = "https://video.jobcenter-musterkreis.example/lernhafen/videoberatung"


def _on_day(now, days, hour, minute=0):
    day = timezone.localdate(now) + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _seat(termin, username, state=Registration.State.CONFIRMED, attendance="", queued_at=None):
    """A demo registration written directly (no invitation e-mails for demo people; idempotent)."""
    user = get_user_model().objects.get(username=username)
    completion.enrol(user, termin.course)
    Registration.objects.get_or_create(
        termin=termin,
        user=user,
        defaults={
            "state": state,
            "queued_at": queued_at or termin.starts_at - datetime.timedelta(days=20),
            "attendance": attendance,
            "invited": state == Registration.State.CONFIRMED,
            "sent_fingerprint": termine.fingerprint(termin) if state == Registration.State.CONFIRMED else "",
            "attendance_marked_at": termin.ends_at if attendance else None,
        },
    )


def _date(course, starts_at, hours, **fields):
    """The course's date at `starts_at`, created once (looked up by course and start)."""
    termin, created = Termin.objects.get_or_create(
        course=course,
        starts_at=starts_at,
        defaults={"ends_at": starts_at + datetime.timedelta(hours=hours), **fields},
    )
    if created:
        lars = get_user_model().objects.get(username="lars")
        termin.trainers.set([lars])
        termin.save()
    return termin


def seed_dates(now=None):
    now = now or timezone.now()
    courses = {course.slug: course for course in CoursePage.objects.live()}
    if not {"videoberatung", "verschluesselte-e-mail"} <= set(courses):
        return
    video = courses["videoberatung"]
    if video.completion_rule != CoursePage.Completion.ATTENDANCE:
        video.completion_rule = CoursePage.Completion.ATTENDANCE  # the lessons prepare for the date
        video.save_revision().publish()
    if Termin.objects.filter(course=video).exists():
        return  # seeded before: the demo's people may have registered and cancelled since
    first = _date(video, _on_day(now, 6, 9), 2, video_url=VIDEO_LINK, capacity=3, room="",
                  notes="Bitte testen Sie vorher Kamera und Headset.")  # fmt: skip
    for username in ("miriam", "thomas", "katrin"):
        _seat(first, username)
    _seat(first, "frank", Registration.State.WAITING)
    second = _date(video, _on_day(now, 13, 13), 2, video_url=VIDEO_LINK, capacity=3, room="")
    for username in ("bassi", "ali", "sevgi"):
        _seat(second, username)

    mail = courses["verschluesselte-e-mail"]
    room = {"room": "Raum 1.12", "address": "Hauptstraße 1, 12345 Musterstadt", "signatures_required": True}
    upcoming = _date(mail, _on_day(now, 9, 9), 3, capacity=12, **room)
    for username in ("thomas", "katrin"):
        _seat(upcoming, username)
    past = _date(mail, _on_day(now, -30, 9), 3, capacity=12, **room)
    Present, Absent, Excused = (
        Registration.Attendance.PRESENT,
        Registration.Attendance.ABSENT,
        Registration.Attendance.EXCUSED,
    )
    for username, attendance in (
        ("miriam", Present),
        ("ali", Present),
        ("frank", Excused),
        ("sevgi", Absent),
    ):
        _seat(past, username, attendance=attendance)
