"""The people and facts the fault suite needs, made on the seeded site with the settings the site runs with.

Run by the harness as `python -m tests.faults.prepare OUT.json COUNT` (production settings for the production
shape, dev settings for the embedded default). It adds COUNT learners `last-NNN` with a signed-in session
each (the load test's learners are already signed in: 200 password hashes at production cost would measure
the sign-in, not the site), sets a known password for five Lotsen and two editors (who sign in through the
form, the editors with their second factor), and writes what the clients need: lessons with their videos'
durations, each knowledge check's correct answers (the test's answer key; the pages never show it).
"""

import base64
import json
import os
import sys

import django

PASSWORD = "faults-Lernhafen-2026"
# Base32 TOTP secret of the second editor (the first is the demo's rita).
EDITOR_SECRET = "MZQXK3DUOMWXEZLEMFVXI2LPNYWXI53P"


def main(out, count):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learning.settings.production")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from courses.models import CatalogPage, CoursePage, LessonPage
    from learning import roles
    from learning.demo import DEMO_TOTP_SECRETS
    from learning.models import OrgUnit, StaffProfile
    from lotsen.models import Lotse

    User = get_user_model()
    unit = OrgUnit.objects.order_by("pk").first()
    learners_group = Group.objects.get(name=roles.LEARNERS)
    learners = []
    for number in range(1, count + 1):
        user, _ = User.objects.get_or_create(
            username=f"last-{number:03d}", defaults={"first_name": "Last", "last_name": f"Nr. {number}"}
        )
        user.groups.add(learners_group)
        StaffProfile.objects.get_or_create(user=user, defaults={"org_unit": unit})
        client = Client()  # a browser of its own: its session stays signed in (no logout)
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        learners.append({"username": user.username, "id": user.pk, "session": session})

    lotsen = []
    for lotse in Lotse.objects.filter(active=True).select_related("user").order_by("pk")[:5]:
        lotse.user.set_password(PASSWORD)
        lotse.user.save(update_fields=["password"])
        lotsen.append({"username": lotse.user.username, "password": PASSWORD})

    editors_group = Group.objects.get(name=roles.EDITORS)
    second, _ = User.objects.get_or_create(
        username="redaktion-2", defaults={"first_name": "Robin", "last_name": "Redakteur"}
    )
    second.groups.add(editors_group, learners_group)
    StaffProfile.objects.get_or_create(user=second, defaults={"org_unit": unit})
    TOTPDevice.objects.get_or_create(
        user=second,
        name="Faults",
        defaults={"key": base64.b32decode(EDITOR_SECRET).hex(), "confirmed": True},
    )
    editors = []
    for username, secret in (("rita", DEMO_TOTP_SECRETS["rita"]), ("redaktion-2", EDITOR_SECRET)):
        user = User.objects.get(username=username)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        editors.append({"username": username, "password": PASSWORD, "totp": secret})

    courses = []
    for course in CoursePage.objects.live().filter(placeholder=False).order_by("path"):
        lessons = []
        for lesson in LessonPage.objects.live().child_of(course).order_by("path").specific():
            video = lesson.video
            entry = {
                "id": lesson.pk,
                "url": lesson.get_url(),
                "rule": lesson.completion_rule,
                "required": lesson.required,
                "duration": video.duration if video is not None else None,
                "answers": {},
            }
            if lesson.knowledge_check is not None:
                for question in lesson.knowledge_check.value["questions"].bound_blocks:
                    entry["answers"][question.id] = [
                        answer.id
                        for answer in question.value["answers"].bound_blocks
                        if answer.value["correct"]
                    ]
            lessons.append(entry)
        courses.append(
            {
                "id": course.pk,
                "slug": course.slug,
                "url": course.get_url(),
                "certificate": course.certificate_enabled,
                "completion_rule": course.completion_rule,
                "lessons": lessons,
            }
        )
    catalog = CatalogPage.objects.live().first()
    facts = {
        "learners": learners,
        "lotsen": lotsen,
        "editors": editors,
        "courses": courses,
        "catalog_url": catalog.get_url() if catalog else "/lernen/kurse/",
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
    }
    with open(out, "w") as file:
        json.dump(facts, file, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
