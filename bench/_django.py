"""Steps the benchmarks run inside Django (a subprocess): prepare users and targets, count queries, check state.

Usage: python bench/_django.py <prepare|queries|progress-state|reset-progress> '<json payload>'; prints JSON.
"""

import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from courses.models import ExplainerPage, LessonPage, Video  # noqa: E402
from courses.models.video import ProcessingState  # noqa: E402
from learning import roles  # noqa: E402
from learning.demo import DEMO_PASSWORD  # noqa: E402
from learning.models import Enrolment, LessonProgress, StaffProfile  # noqa: E402

BENCH_USERS = [f"bench{n:02d}" for n in range(1, 9)]
LARGE_VIDEO_MIB = 128
LARGE_VIDEO_NAME = "protected/videos/bench-large.mp4"


def prepare(_payload):
    """Eight learners like anna, a 128 MiB video, and the addresses the benchmarks use."""
    User = get_user_model()
    anna = User.objects.get(username="anna")
    learners = Group.objects.filter(name=roles.LEARNERS)
    for username in BENCH_USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": "Bench"})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(*learners)
        StaffProfile.objects.get_or_create(user=user, defaults={"org_unit": anna.staff_profile.org_unit})

    lesson = _video_lesson()
    video = lesson.video
    course = lesson.course
    explainer = ExplainerPage.objects.live().filter(locale__language_code="de").order_by("path")
    explainer = next(
        page for page in explainer if page.get_translations().live().filter(locale__language_code="ar")
    )
    explainer_ar = explainer.get_translations().live().get(locale__language_code="ar")
    catalog = course.get_parent().specific
    other_lesson = (
        LessonPage.objects.live().child_of(course).exclude(pk=lesson.pk).order_by("path").first() or lesson
    )
    return {
        "lesson": {"id": lesson.pk, "url": lesson.url, "title": lesson.title, "duration": video.duration},
        "video": {"id": video.pk, "size": video.file.size, "url": video.url, "path": video.file.path},
        "large_video": _large_video(video),
        "course": {"id": course.pk, "url": course.url, "title": course.title},
        "reading_lesson": {"id": other_lesson.pk, "url": other_lesson.url},
        "catalog_url": catalog.url,
        "explainer": {"de": explainer.url, "ar": explainer_ar.url, "title": explainer.title},
        "users": BENCH_USERS,
    }


def _video_lesson():
    """A live lesson completed by watching a ready video, in a course that needs no other course first."""
    lessons = LessonPage.objects.live().filter(completion_rule=LessonPage.Rule.VIDEO).order_by("path")
    for lesson in lessons:
        video = lesson.video
        course = lesson.course
        if (
            video
            and video.is_ready
            and video.duration
            and course
            and not course.prerequisites.live().exists()
        ):
            return lesson
    raise SystemExit("no live video lesson with a ready video in a course without prerequisites")


def _large_video(template):
    """A staff-only video whose file is 128 MiB (the demo MP4 repeated): big enough that loading it whole
    would show in a worker's memory. Created with bulk_create so no probing task is queued."""
    path = Path(settings.MEDIA_ROOT) / LARGE_VIDEO_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    block = template.file.open("rb").read()
    template.file.close()
    target = LARGE_VIDEO_MIB * 1024 * 1024
    with open(path, "wb") as handle:
        written = 0
        while written < target:
            piece = block[: target - written]
            handle.write(piece)
            written += len(piece)
    video = Video.objects.filter(file=LARGE_VIDEO_NAME).first()
    if video is None:
        [video] = Video.objects.bulk_create(
            [
                Video(
                    title="Benchmark: große Videodatei",
                    type="video",
                    file=LARGE_VIDEO_NAME,
                    duration=template.duration,
                    is_public=False,
                    processing_state=ProcessingState.READY,
                )
            ]
        )
    return {"id": video.pk, "size": path.stat().st_size, "url": video.url, "path": str(path)}


def queries(payload):
    """Run each request twice in-process and count the SQL queries of the second (warm) run."""
    results = []
    for spec in payload["requests"]:
        client = Client()
        if spec.get("user"):
            client.force_login(get_user_model().objects.get(username=spec["user"]))
        counts = []
        for _round in range(2):
            with CaptureQueriesContext(connection) as captured:
                if spec.get("method", "GET") == "POST":
                    response = client.post(spec["path"], data=spec["body"], content_type="application/json")
                else:
                    response = client.get(spec["path"])
            counts.append(len(captured.captured_queries))
        results.append(
            {
                "label": spec["label"],
                "status": response.status_code,
                "queries_first": counts[0],
                "queries": counts[1],
                "bytes": None if response.streaming else len(response.content),
                "sql": [q["sql"][:160] for q in captured.captured_queries] if spec.get("sql") else None,
            }
        )
    return {"results": results}


def progress_state(payload):
    """What the heartbeats left behind: one row per user and lesson, with its coverage."""
    lesson_id = payload["lesson"]
    rows = []
    for username in payload["users"]:
        records = list(LessonProgress.objects.filter(user__username=username, lesson_id=lesson_id))
        rows.append(
            {
                "user": username,
                "rows": len(records),
                "coverage": round(records[0].coverage, 4) if records else None,
                "intervals": len(records[0].intervals) if records else None,
                "completed": bool(records and records[0].completed_at),
                "enrolments": Enrolment.objects.filter(
                    user__username=username, course_id=payload["course"]
                ).count(),
            }
        )
    return {"rows": rows}


def reset_progress(payload):
    """Forget the given users' progress on the benchmark's lesson, so a run starts with the first INSERT."""
    records = LessonProgress.objects.filter(user__username__in=payload["users"], lesson_id=payload["lesson"])
    deleted, _ = records.delete()
    return {"deleted": deleted}


def purge_page_cache(_payload):
    """Start a new generation of the public page cache, as publishing a page does."""
    from learning.middleware import purge_public_pages

    purge_public_pages()
    return {"purged": True}


STEPS = {
    "purge-page-cache": purge_page_cache,
    "prepare": prepare,
    "queries": queries,
    "progress-state": progress_state,
    "reset-progress": reset_progress,
}

if __name__ == "__main__":
    step = STEPS[sys.argv[1]]
    print(json.dumps(step(json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}), default=str))
