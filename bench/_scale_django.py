"""Steps of bench/scale.py that run inside Django (a subprocess with the production settings); prints JSON.

Usage: python bench/_scale_django.py <step> '<json payload>'

- targets: the accounts, pages and requirement the benchmark uses (made by bench/seed_scale.py);
- explain: requests and tasks run in-process inside a transaction that is rolled back; per case the SQL
  statements, their time, and EXPLAIN (ANALYZE, BUFFERS) of the slowest ones;
- task: run a Celery task on the worker (by name) and wait for its result;
- first-sync: a new requirement for all staff and its first sync (in-process), then it is switched off;
- export-job: wait until the newest background export is built.
"""

import json
import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learning.settings.production")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from bench import seed_scale as names  # noqa: E402 - its constants: the accounts it made
from courses.models import CatalogPage  # noqa: E402
from learning import mfa, requirements, retention  # noqa: E402
from learning.models import ExportJob, LessonProgress, OrgUnit, TrainingRequirement  # noqa: E402

DATENSCHUTZ = "Jährliche Datenschutzunterweisung"


def targets(_payload):
    User = get_user_model()
    first = User.objects.get(username=names.HEARTBEAT_USERS[0])
    progress = (
        LessonProgress.objects.filter(user=first, completed_at__isnull=True, lesson__completion_rule="video")
        .select_related("lesson")
        .first()
    )
    lesson = progress.lesson
    datenschutz = TrainingRequirement.objects.get(name=DATENSCHUTZ)
    area = OrgUnit.objects.filter(parent=None, name__startswith="Geschäftsstelle").order_by("pk").first()
    return {
        "catalog_url": CatalogPage.objects.get().url,
        "lesson": {"id": lesson.pk, "url": lesson.url, "duration": lesson.video.duration},
        "requirement": datenschutz.pk,
        "area": area.pk,
        "area_name": area.name,
        "coordinator": "kai",
        "many_courses": names.MANY_COURSES_USER,
        "lotse": names.LOTSE_USER,
        "heartbeat_users": names.HEARTBEAT_USERS,
    }


def _client(username):
    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:  # as if the code had been entered (learning.mfa)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[mfa.STATE] = "device"
        session.save()
    return client


def _plan(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        lines = [row[0] for row in cursor.fetchall()]
    execution = next((line for line in reversed(lines) if line.startswith("Execution Time")), "")
    return lines, float(execution.split(":")[1].split()[0]) if execution else None


def _measure(label, run, top):
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        status = run()
        seconds = time.perf_counter() - started
    queries = captured.captured_queries
    timed = sorted(queries, key=lambda q: float(q["time"]), reverse=True)
    heavy = []
    for query in timed[:top]:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            heavy.append({"ms": round(float(query["time"]) * 1000, 1), "sql": sql[:4000], "plan": None})
            continue
        lines, executed = _plan(sql)
        heavy.append(
            {
                "ms": round(float(query["time"]) * 1000, 1),
                "sql": sql[:4000],
                "plan": lines,
                "explain_ms": executed,
            }
        )
    return {
        "label": label,
        "status": status,
        "queries": len(queries),
        "sql_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
        "ms": round(seconds * 1000, 1),
        "heavy": heavy,
    }


def _request_case(spec, top):
    client = _client(spec["user"])
    client.get(spec["path"])  # the first request of a process fills its caches

    def run():
        return client.get(spec["path"]).status_code

    return _measure(spec["label"], run, top)


def _task_case(spec, top):
    kind = spec["task"]
    if kind == "sync":
        requirement = TrainingRequirement.objects.get(pk=spec["requirement"])

        def run():
            return requirements.sync(requirement)
    elif kind == "retention":

        def run():
            return retention.apply(dry_run=True)
    elif kind == "export":
        from learning.viewsets import RequirementReportView

        user = get_user_model().objects.get(username=spec["user"])
        view = RequirementReportView.for_background_export(user, spec["params"])

        def run():
            return len(list(view.get_export_queryset()))
    else:
        raise SystemExit(f"unknown task {kind}")
    return _measure(spec["label"], run, top)


def explain(payload):
    """Every case inside one transaction that is rolled back: what the views write (access log) goes too."""
    results = []
    top = payload.get("top", 3)
    with transaction.atomic():
        for spec in payload["cases"]:
            case = _request_case(spec, top) if "path" in spec else _task_case(spec, top)
            results.append(case)
        transaction.set_rollback(True)
    return {"results": results}


def task(payload):
    """Run one Celery task on the worker and wait for it; the worker's settings are the production ones."""
    from celery import current_app

    import learning.tasks  # noqa: F401 - registers the tasks

    started = time.perf_counter()
    result = current_app.send_task(payload["name"], args=payload.get("args", []))
    value = result.get(timeout=payload.get("timeout", 900))
    return {"seconds": round(time.perf_counter() - started, 2), "result": value}


def first_sync(payload):
    """What saving a new requirement for all 75,000 staff makes the worker do (learning.requirements.sync):
    a first cycle and an enrolment for everybody. Timed in-process; afterwards the requirement is switched
    off again (its cycles stay, as they would)."""
    from courses.models import CoursePage

    course = CoursePage.objects.live().exclude(requirements__isnull=False).order_by("path").last()
    requirement = TrainingRequirement(
        name="Bench: neue Pflichtschulung für alle", course=course, all_staff=True, interval_months=12
    )
    # bulk_create: saving would enqueue the same sync for the worker (learning.signals).
    [requirement] = TrainingRequirement.objects.bulk_create([requirement])
    counter = {"queries": 0}

    def count(execute, sql, params, many, context):
        counter["queries"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        writes = requirements.sync(requirement)
        seconds = time.perf_counter() - started
    members = requirements.audience(requirement).count()
    TrainingRequirement.objects.filter(pk=requirement.pk).update(active=False)
    return {"seconds": round(seconds, 1), "writes": writes, "people": members, "queries": counter["queries"]}


def export_job(payload):
    """Wait for the newest export job of `user` to be built; its own times say how long the worker took."""
    user = get_user_model().objects.get(username=payload["user"])
    deadline = time.monotonic() + payload.get("timeout", 300)
    while time.monotonic() < deadline:
        job = ExportJob.objects.filter(requested_by=user).order_by("-pk").first()
        if job is not None and job.pk > payload.get("after", 0) and job.state != ExportJob.State.PENDING:
            return {
                "id": job.pk,
                "state": job.state,
                "rows": job.rows,
                "error": job.error,
                "bytes": job.file.size if job.file else None,
                "build_seconds": round((job.finished_at - job.created_at).total_seconds(), 1),
            }
        time.sleep(0.5)
    raise SystemExit("the export job was not built in time")


def last_export(payload):
    user = get_user_model().objects.get(username=payload["user"])
    job = ExportJob.objects.filter(requested_by=user).order_by("-pk").first()
    return {"id": job.pk if job else 0}


STEPS = {
    "targets": targets,
    "explain": explain,
    "task": task,
    "first-sync": first_sync,
    "export-job": export_job,
    "last-export": last_export,
}

if __name__ == "__main__":
    step = STEPS[sys.argv[1]]
    print(json.dumps(step(json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}), default=str))
