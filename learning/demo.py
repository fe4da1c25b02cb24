"""Demo org units and accounts for seed_demo. The password is for the embedded demo only."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from courses.models import CoursePage, LessonPage

from . import completion, roles
from .models import Enrolment, OrgUnit, StaffProfile

DEMO_PASSWORD = "lernhafen-demo"  # noqa: S105 - the documented demo password, embedded default only

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


def ensure_org_units():
    units = {}
    for area, teams in ORG_UNITS.items():
        parent, _ = OrgUnit.objects.get_or_create(name=area, parent=None)
        units[area] = parent
        for team in teams:
            units[team], _ = OrgUnit.objects.get_or_create(name=team, parent=parent)
    return units


def ensure_user(username, first_name="", last_name="", superuser=False):
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
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed(stdout):
    units = ensure_org_units()
    for username, (first, last, role_names, unit, cohort) in ACCOUNTS.items():
        user = ensure_user(username, first, last)
        user.groups.add(*Group.objects.filter(name__in=role_names))
        StaffProfile.objects.update_or_create(
            user=user, defaults={"org_unit": units[unit], "bass_cohort": cohort}
        )
    seed_learning_records()
    admin = ensure_user("admin", "Ada", "Admin", superuser=True)
    StaffProfile.objects.get_or_create(user=admin, defaults={"org_unit": units["IT und Digitalisierung"]})
    stdout.write(f"Konten: {', '.join([*ACCOUNTS, 'admin'])} (Passwort: {DEMO_PASSWORD}).")


def seed_learning_records():
    """Give anna and bassi a realistic record: a mandatory training due soon, one in progress, one done with
    a certificate. "E-Akte im Jobcenter: Grundlagen" stays untouched for the walk-through in the README."""
    User = get_user_model()
    anna, bassi = (User.objects.get(username=name) for name in ("anna", "bassi"))
    courses = {course.slug: course for course in CoursePage.objects.live()}
    if "datenschutz-unterweisung" not in courses:
        return  # the course catalogue was not seeded
    completion.enrol(anna, courses["datenschutz-unterweisung"], source=Enrolment.Source.REQUIREMENT)
    _complete_first_lesson(anna, courses["videoberatung"])
    _complete_first_lesson(bassi, courses["bass-modul-1-grundlagen-sgb-ii"])
    phishing = courses["phishing-erkennen"]
    enrolment = completion.enrol(anna, phishing, source=Enrolment.Source.REQUIREMENT)
    if enrolment.completed_at is None:
        done = timezone.now() - datetime.timedelta(days=60)
        for lesson in LessonPage.objects.live().child_of(phishing):
            _complete(anna, lesson, now=done)
        completion.update_course_completion(anna.pk, phishing.pk, now=done)
    completion.issue_certificate(enrolment.pk)


def _complete(user, lesson, now=None):
    """Complete a lesson the way its rule asks (the demo learner did what the lesson wants)."""
    completion.complete_lesson(user, lesson, completion.Evidence(lesson.completion_rule), now=now)


def _complete_first_lesson(user, course):
    completion.enrol(user, course)
    _complete(user, LessonPage.objects.live().child_of(course).order_by("path").first())
