"""Steps the benchmarks run inside Django (a subprocess): prepare users and targets, count queries, check state.

Usage: python bench/_django.py <step> '<json payload>'; prints JSON. The steps are in STEPS at the end.
"""

import json
import os
import sys
import time
from importlib import import_module
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import floor  # noqa: E402
from courses.models import CoursePage, ExplainerPage, LessonPage, Video  # noqa: E402
from courses.models.video import CaptionTrack, ProcessingState  # noqa: E402
from learning import roles, sessions  # noqa: E402
from learning.demo import DEMO_PASSWORD  # noqa: E402
from learning.models import Enrolment, LessonProgress, StaffProfile  # noqa: E402

BENCH_USERS = [f"bench{n:02d}" for n in range(1, 9)]
LARGE_VIDEO_MIB = 128
LARGE_VIDEO_NAME = "protected/videos/bench-large.mp4"
# bench/heartbeat.py: its learners, and a lesson whose video is so long (about 116 days) that a position that
# moves on with every heartbeat never reaches the end, so coverage stays far below 95 % and no heartbeat
# completes the lesson: every one takes the path of a learner in the middle of a video.
HEARTBEAT_LEARNER = "hb{:02d}"
HEARTBEAT_VIDEO_SECONDS = 10_000_000
HEARTBEAT_COURSE_SLUG = "bench-heartbeat"


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


def heartbeat_prepare(payload):
    """Learners hb01.. with a fresh session each (made with the SessionStore, as signing in would) and a CSRF
    token, the long-video lesson in a course of its own, and the floor's table."""
    User = get_user_model()
    anna = User.objects.get(username="anna")
    learners = Group.objects.filter(name=roles.LEARNERS)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    lesson = _heartbeat_lesson()
    with connection.cursor() as cursor:
        cursor.execute(floor.CREATE_TABLE)
    people = []
    for number in range(1, payload["learners"] + 1):
        user, created = User.objects.get_or_create(
            username=HEARTBEAT_LEARNER.format(number), defaults={"first_name": "Herzschlag"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(*learners)
        StaffProfile.objects.get_or_create(user=user, defaults={"org_unit": anna.staff_profile.org_unit})
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        # What learning.sessions writes at sign-in, so the first request does not have to.
        session[sessions.STARTED] = session[sessions.SEEN] = int(time.time())
        session[sessions.ADMIN] = False
        session.create()
        secret = _get_new_csrf_string()
        people.append(
            {
                "username": user.username,
                "session": session.session_key,
                "csrf_cookie": secret,
                "csrf_token": _mask_cipher_secret(secret),
            }
        )
    return {
        "lesson": {"id": lesson.pk, "url": lesson.url, "duration": lesson.video.duration},
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "learners": people,
    }


def _heartbeat_lesson():
    """The lesson of bench/heartbeat.py, made once: a video lesson below a course of its own (so that the
    other benchmarks' course is left as it was) with a copy of the demo video that claims to be very long."""
    course = CoursePage.objects.filter(slug=HEARTBEAT_COURSE_SLUG).first()
    if course is not None:
        return LessonPage.objects.child_of(course).get()
    demo = _video_lesson()
    [video] = Video.objects.bulk_create(  # bulk_create: no probing task is queued for it
        [
            Video(
                title="Benchmark: sehr langes Video",
                type="video",
                file=demo.video.file.name,
                duration=HEARTBEAT_VIDEO_SECONDS,
                is_public=False,
                processing_state=ProcessingState.READY,
            )
        ]
    )
    CaptionTrack.objects.bulk_create(
        CaptionTrack(video=video, language=track.language, file=track.file.name)
        for track in demo.video.caption_tracks.all()
    )
    catalog = demo.course.get_parent().specific
    course = catalog.add_child(
        instance=CoursePage(
            title="Benchmark: Herzschlag",
            slug=HEARTBEAT_COURSE_SLUG,
            summary="Nur für bench/heartbeat.py.",
            estimated_minutes=1,
        )
    )
    return course.add_child(
        instance=LessonPage(
            title="Ein sehr langes Video",
            slug="sehr-langes-video",
            completion_rule=LessonPage.Rule.VIDEO,
            body=[{"type": "video", "value": {"video": video.pk, "caption": ""}}],
        )
    )


def heartbeat_state(payload):
    """Per learner: the rows the real heartbeats left (LessonProgress) and the floor's, with positions."""
    User = get_user_model()
    lesson_id = payload["lesson"]
    users = dict(User.objects.filter(username__in=payload["users"]).values_list("username", "pk"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT user_id, COUNT(*), MAX(position) FROM {floor.TABLE} WHERE lesson_id = %s GROUP BY user_id",
            [lesson_id],
        )
        floor_rows = {user_id: (count, position) for user_id, count, position in cursor.fetchall()}
    course_id = LessonPage.objects.get(pk=lesson_id).course.pk
    rows = {}
    for username in payload["users"]:
        records = list(LessonProgress.objects.filter(user_id=users[username], lesson_id=lesson_id))
        count, position = floor_rows.get(users[username], (0, None))
        rows[username] = {
            "api_rows": len(records),
            "api_position": records[0].position if records else None,
            "api_covered_to": records[0].intervals[-1][1] if records and records[0].intervals else None,
            "api_intervals": len(records[0].intervals) if records else None,
            "api_completed": bool(records and records[0].completed_at),
            "enrolments": Enrolment.objects.filter(user_id=users[username], course_id=course_id).count(),
            "floor_rows": count,
            "floor_position": position,
        }
    return {"rows": rows, "checked_at": timezone.now().isoformat()}


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


# Where an in-process request spends its time, by the file of the function that spends it (cProfile's own
# time per function, so nothing is counted twice). The first matching prefix wins; the rest is "other".
TIME_CATEGORIES = [
    ("SQL (ORM, driver)", ("django/db/", "psycopg")),
    ("page cache (read, unpickle)", ("django/core/cache/", "redis/")),
    ("templates", ("django/template/", "django/templatetags/", "wagtail/templatetags/", "/templatetags/")),
    ("Wagtail (routing, pages, images, rich text)", ("wagtail/",)),
    (
        "request handling and middleware",
        (
            "django/core/handlers/",
            "django/middleware/",
            "django/contrib/sessions/",
            "django/contrib/auth/",
            "django/contrib/messages/",
            "django/http/",
            "django/urls/",
            "django/utils/",
            "whitenoise/",
            "django_otp/",
            "learning/middleware.py",
            "learning/outage.py",
            "learning/sessions.py",
            "learning/mfa.py",
            "learning/security_log.py",
        ),
    ),
    ("project code (courses, learning, lotsen)", ("/courses/", "/learning/", "/lotsen/")),
]


def _category(filename):
    for label, needles in TIME_CATEGORIES:
        if any(needle in filename for needle in needles):
            return label
    return None


# Functions without a category of their own: C built-ins (getattr, isinstance, str.join), the standard
# library and asgiref's context locals. Their own time goes to the categories of their callers.
def _inherits(filename):
    return (
        filename == "~"
        or filename.startswith("<frozen")
        or ("/lib/python3" in filename and ("site-packages" not in filename or "asgiref/" in filename))
    )


def _split(stats):
    """cProfile's own time per category; a function that inherits shares its time among its callers'
    categories by the time each caller spent in it, up to a few callers deep (then "other Python")."""
    totals = {}

    def shares(function, depth):
        filename, _line, name = function
        if not _inherits(filename):
            return {_category(filename) or "other Python": 1.0}
        callers = stats[function][4] if function in stats else {}
        weights = {caller: timing[3] for caller, timing in callers.items()}
        whole = sum(weights.values())
        if depth > 4 or not whole:
            return {(_category(name) if filename == "~" else None) or "other Python": 1.0}
        out = {}
        for caller, weight in weights.items():
            for label, share in shares(caller, depth + 1).items():
                out[label] = out.get(label, 0.0) + share * weight / whole
        return out

    for function, (_calls, _primitive, own, _cumulative, _callers) in stats.items():
        for label, share in shares(function, 0).items():
            totals[label] = totals.get(label, 0.0) + own * share
    return totals


def time_requests(payload):
    """In-process cost of anonymous GETs through Django's WSGI handler (no HTTP server, no test client):
    milliseconds per request without a profiler, then cProfile's split of the same requests by category."""
    import cProfile
    import pstats
    import statistics
    from io import BytesIO

    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    host = "127.0.0.1"  # as wrk asks the server (bench.settings allows it)
    count = payload.get("count", 300)

    def get(path):
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": host,
            "SERVER_PORT": "80",
            "HTTP_HOST": host,
            "wsgi.url_scheme": "http",
            "wsgi.input": BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        statuses = []
        body = b"".join(handler(environ, lambda status, headers, exc_info=None: statuses.append(status)))
        if not statuses or not statuses[0].startswith("200"):
            raise RuntimeError(f"GET {path} answered {statuses[:1]}")
        return body

    results = []
    for spec in payload["requests"]:
        path = spec["path"]
        get(path)  # a cache miss stores the page (cache on); warms the process either way
        samples = []
        for _batch in range(5):
            started = time.perf_counter()
            for _request in range(count // 5):
                get(path)
            samples.append((time.perf_counter() - started) * 1000 / (count // 5))
        profile = cProfile.Profile()
        profile.enable()
        for _request in range(count):
            get(path)
        profile.disable()
        totals = _split(pstats.Stats(profile).stats)
        profiled = sum(totals.values())
        results.append(
            {
                "label": spec["label"],
                "ms_per_request": round(statistics.median(samples), 3),
                "shares": {
                    label: round(100 * totals.get(label, 0.0) / profiled, 1)
                    for label in [label for label, _needles in TIME_CATEGORIES] + ["other Python"]
                },
            }
        )
    return {"results": results}


def time_heartbeats(payload):
    """In-process cost of signed-in heartbeats through Django's WSGI handler (no HTTP server): for each path
    (POST /api/progress/ and the floor), CPU milliseconds per request without a profiler (batches of the
    paths in turn: the median and the fastest batch), cProfile's split by
    category and its functions with the most cumulative time. Learners and lesson as heartbeat-prepare made
    them; each request moves a learner's position on by 1 ms, as bench/heartbeat.lua does."""
    import cProfile
    import pstats
    import statistics
    from io import BytesIO, StringIO

    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    host = "127.0.0.1"
    count = payload.get("count", 500)
    lesson = payload["lesson"]
    people = payload["learners"]
    positions = {person["username"]: payload.get("start_ms", 15000) for person in people}

    def post(path, person):
        positions[person["username"]] += 1
        position = positions[person["username"]] / 1000
        body = json.dumps(
            {"lesson": lesson, "intervals": [[max(0.0, position - 15), position]], "position": position}
        ).encode()
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": host,
            "SERVER_PORT": "80",
            "HTTP_HOST": host,
            "HTTP_ORIGIN": f"http://{host}",
            "HTTP_X_CSRFTOKEN": person["csrf_token"],
            "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={person['session']}; "
            f"{settings.CSRF_COOKIE_NAME}={person['csrf_cookie']}",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.url_scheme": "http",
            "wsgi.input": BytesIO(body),
            "wsgi.errors": sys.stderr,
        }
        statuses = []
        body = b"".join(handler(environ, lambda status, headers, exc_info=None: statuses.append(status)))
        if not statuses or not statuses[0].startswith("200"):
            raise RuntimeError(f"POST {path} answered {statuses[:1]}: {body[:300]}")
        return body

    def many(path, number):
        for request in range(number):
            post(path, people[request % len(people)])

    results = []
    samples = {path: [] for path in payload["paths"]}
    for path in payload["paths"]:
        many(path, len(people))  # warms the process and the heartbeat cache
    # Batches of the paths in turn, so that a busy machine slows them alike.
    for _batch in range(payload.get("batches", 5)):
        for path in payload["paths"]:
            started = time.process_time()  # CPU time: what a busy machine changes least
            many(path, count // 5)
            samples[path].append((time.process_time() - started) * 1000 / (count // 5))
    for path in payload["paths"]:
        profile = cProfile.Profile()
        profile.enable()
        many(path, count)
        profile.disable()
        stats = pstats.Stats(profile)
        if payload.get("dump"):  # for pstats or snakeviz
            stats.dump_stats(Path(payload["dump"]) / (path.strip("/").replace("/", "-") + ".prof"))
        totals = _split(stats.stats)
        profiled = sum(totals.values())
        listing = StringIO()
        stats.stream = listing
        stats.sort_stats(payload.get("sort", "cumulative")).print_stats(payload.get("top", 40))
        for name in payload.get("callees", []):
            stats.print_callees(name)
        results.append(
            {
                "path": path,
                "ms_per_request": round(statistics.median(samples[path]), 3),
                "fastest_batch_ms": round(min(samples[path]), 3),
                "shares": {
                    label: round(100 * totals.get(label, 0.0) / profiled, 1)
                    for label in [label for label, _needles in TIME_CATEGORIES] + ["other Python"]
                },
                "profile": listing.getvalue() if payload.get("top") else None,
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
    "heartbeat-prepare": heartbeat_prepare,
    "heartbeat-state": heartbeat_state,
    "purge-page-cache": purge_page_cache,
    "prepare": prepare,
    "queries": queries,
    "progress-state": progress_state,
    "reset-progress": reset_progress,
    "time-requests": time_requests,
    "time-heartbeats": time_heartbeats,
}

if __name__ == "__main__":
    step = STEPS[sys.argv[1]]
    print(json.dumps(step(json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}), default=str))
