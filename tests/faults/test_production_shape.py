"""Fault cases on the production shape: real processes killed and stopped, then the database checked.

The promises are those of DESIGN.md ("Correctness"): progress is written inside the request, side effects
run after commit through Celery, the reconciliation repairs what a lost message left undone, tasks are safe
to run twice. Each case uses learners of its own (`last-NNN`, see prepare.py) and prints one verdict line.
The cases run in this file's order on one site; the restore drill, which drops the database, comes last.
"""

import contextlib
import random
import signal
import subprocess
import threading
import time
import uuid

import psutil
import pytest

from . import checks
from .conftest import verdict
from .harness import PG_BIN, HarnessError, wait_for
from .people import Learner, all_but_video, course, in_threads, join, lesson_of

pytestmark = pytest.mark.faults

# Learners by case (the load test takes last-001 to last-200).
IDEMPOTENT, WORKER_KILL, GUNICORN_KILL, REDIS, POSTGRES = (
    range(200, 202),
    range(202, 212),
    range(212, 218),
    range(218, 228),
    range(228, 238),
)


def learners(stack, indexes):
    return [Learner(stack, index) for index in indexes]


def acknowledged_and_found(stack, people):
    acknowledged = found = 0
    for person in people:
        acked, _ = checks.heartbeat_writes(person.player.log)
        acknowledged += len(acked)
        found += checks.found_in(stack.pg.query, person.id, acked)
    return acknowledged, found


def test_same_heartbeat_five_times_out_of_order_and_same_task_twice(stack):
    """Heartbeats merge idempotently and in any order; a redelivered task changes nothing."""
    # A self-paced course: "Verschlüsselte E-Mail" has dates in the demo, so only attending one completes it.
    e_file = course(stack, "e-akte-grundlagen")
    video = lesson_of(e_file, "video")
    once, repeated = learners(stack, IDEMPOTENT)
    for person in (once, repeated):
        all_but_video(person, e_file)
        person.player.push(video["id"], [], 0)  # playback starts: the server's clock starts
        assert person.player.drain(time.monotonic() + 30)
    # As much time passes as the video lasts (the clock credits at most 2x the time since the last heartbeat).
    time.sleep(video["duration"] / 2 + 1)
    beats = [([[float(i), float(i + 1)]], float(i + 1)) for i in range(int(video["duration"]))]
    for intervals, position in beats:
        once.player.push(video["id"], intervals, position)
    shuffled = [beat for beat in beats for _ in range(5)]
    random.Random(16).shuffle(shuffled)
    for intervals, position in shuffled:
        repeated.player.push(video["id"], intervals, position)
    for person in (once, repeated):
        assert person.player.drain(time.monotonic() + 120)
    stack.wait_idle()
    # The same messages again, as a broker redelivers them after acks_late (same task id, same arguments).
    enrolments = dict(
        stack.pg.query(
            "SELECT user_id, id FROM learning_enrolment WHERE user_id = ANY(%s) AND course_id = %s",
            ([once.id, repeated.id], e_file["id"]),
        )
    )

    def state(person):
        return stack.pg.query(
            "SELECT p.intervals, p.coverage, p.completed_at IS NOT NULL, e.completed_at, "
            "(SELECT array_agg(c.pdf) FROM learning_certificate c WHERE c.enrolment_id = e.id) "
            "FROM learning_lessonprogress p JOIN learning_enrolment e ON e.user_id = p.user_id "
            "WHERE p.user_id = %s AND p.lesson_id = %s AND e.course_id = %s",
            (person.id, video["id"], e_file["id"]),
        )[0]

    wait_for("both certificates", lambda: all(state(p)[4] for p in (once, repeated)), 90, 1)
    before = {person.id: state(person) for person in (once, repeated)}
    redelivered = 0
    for person in (once, repeated):
        for task, args in (
            ("learning.update_course_completion", [person.id, e_file["id"]]),
            ("learning.issue_certificate", [enrolments[person.id]]),
        ):
            task_id = str(uuid.uuid4())
            for _ in range(2):
                stack.celery_call(task, args, task_id=task_id)
                redelivered += 1
    stack.celery_call("learning.reconcile_completions", [])
    stack.wait_idle()
    after = {person.id: state(person) for person in (once, repeated)}
    same_order = before[once.id][:3] == before[repeated.id][:3]
    unchanged = before == after
    one_pdf = all(len(row[4]) == 1 for row in after.values())
    pdfs_ok = checks.pdf_files_ok(stack.env["PRIVATE_MEDIA_ROOT"], [row[4][0] for row in after.values()])
    acknowledged, found = acknowledged_and_found(stack, [once, repeated])
    verdict(
        "idempotent",
        "the same heartbeat 5 times and out of order, and the same task twice, give the same final state",
        f"{len(beats)} heartbeats once in order vs. each 5x shuffled ({len(shuffled)}); "
        f"{redelivered} task messages redelivered with the same id, reconciliation once more",
        acknowledged,
        found,
        same_order and unchanged and one_pdf and pdfs_ok and found == acknowledged,
    )


def test_kill_9_of_the_celery_worker_while_it_renders_a_certificate(stack):
    """After restart (and reconciliation): exactly one certificate and one PDF per completion."""
    protection = course(stack, "datenschutz-unterweisung")
    people = learners(stack, WORKER_KILL)
    ids = [person.id for person in people]
    threads, failures = in_threads(lambda person: all_but_video(person, protection), people)
    rendering = False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        # A certificate row without its PDF: the worker has created it and is rendering now.
        if stack.pg.query(
            "SELECT count(*) FROM learning_certificate WHERE user_id = ANY(%s) AND pdf = ''", (ids,)
        )[0][0]:
            rendering = True
            break
        time.sleep(0.02)
    killed_worker = stack.processes.pid("worker")
    stack.processes.kill9("worker")
    stack.strand_unacked()
    join(threads, failures)
    at_kill = checks.certificates(stack.pg.query, ids, protection["id"])
    without_pdf = sum(count - with_pdf for _, _, count, with_pdf, _ in at_kill)
    stack.start_worker()

    def repaired():
        return checks.one_certificate_each(checks.certificates(stack.pg.query, ids, protection["id"]))

    wait_for("one certificate with its PDF per completion", repaired, 180, 1)
    rows = checks.certificates(stack.pg.query, ids, protection["id"])
    names = [name for *_, pdfs in rows for name in pdfs]
    held = (
        rendering
        and checks.one_certificate_each(rows)
        and len(rows) == len(people)
        and checks.pdf_files_ok(stack.env["PRIVATE_MEDIA_ROOT"], names)
    )
    verdict(
        "celery-kill",
        "kill -9 of the Celery worker while it renders a certificate: after restart exactly one certificate "
        "and one PDF per completion",
        f"{len(people)} learners completed a course at once; worker (pid {killed_worker}) killed with "
        f"{without_pdf} certificate(s) mid-render; restarted; reconciliation every 10 s",
        f"{len(people)} completions",
        f"{sum(1 for row in rows if row[1])} completions, {sum(row[2] for row in rows)} certificates, "
        f"{len(set(names))} PDFs",
        held,
    )


def _worker_of_backend(stack, backend_port):
    for pid in stack.gunicorn_workers():
        for connection in psutil.Process(pid).net_connections(kind="tcp"):
            if connection.laddr and connection.laddr.port == backend_port:
                return pid
    return None


def test_kill_9_of_a_gunicorn_worker_mid_request(stack):
    """The client retries; no duplicate and no half-written row."""
    e_file = course(stack, "e-akte-grundlagen")
    video = lesson_of(e_file, "video")
    victim, *others = learners(stack, GUNICORN_KILL)
    workers_before = stack.gunicorn_workers()
    victim.open(video["url"])
    victim.player.push(video["id"], [], 0)
    assert victim.player.drain(time.monotonic() + 30)
    time.sleep(2)
    stop = threading.Event()
    threads, failures = in_threads(lambda person: person.watch(video, stop=stop), others)
    # Hold the victim's progress row: its next heartbeat waits inside its transaction, in a gunicorn worker.
    with stack.pg.connect() as lock:
        lock.execute(
            "SELECT 1 FROM learning_lessonprogress WHERE user_id = %s AND lesson_id = %s FOR UPDATE",
            (victim.id, video["id"]),
        )
        victim.player.push(video["id"], [[0.0, 2.0]], 2.0)
        sender = threading.Thread(target=victim.player.step, daemon=True)
        sender.start()
        waiting = []

        def blocked():
            waiting[:] = stack.pg.query(
                "SELECT client_port FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = 'lernhafen'"
            )
            return bool(waiting)

        wait_for("the heartbeat waiting on the row lock", blocked, 30, 0.05)
        killed = _worker_of_backend(stack, waiting[0][0])
        assert killed is not None, "no gunicorn worker holds the waiting connection"
        psutil.Process(killed).send_signal(signal.SIGKILL)
        sender.join(30)
        lock.rollback()
    assert victim.player.drain(time.monotonic() + 60)  # the retry, on the worker gunicorn started instead
    time.sleep(3)
    stop.set()
    join(threads, failures)
    wait_for("two gunicorn workers again", lambda: len(stack.gunicorn_workers()) == 2, 30)
    people = [victim, *others]
    acknowledged, found = acknowledged_and_found(stack, people)
    duplicates = checks.duplicate_progress_rows(stack.pg.query)
    half = checks.inconsistent_progress_rows(stack.pg.query, {video["id"]: video["duration"]})
    victim_beat = victim.player.log[1]
    retried = victim_beat.attempts >= 2 and victim_beat.status == 200
    other_errors = sum(len(o.errors) for person in others for o in person.player.log)
    held = retried and not duplicates and not half and found == acknowledged and killed in workers_before
    verdict(
        "gunicorn-kill",
        "kill -9 of a gunicorn worker mid-request: the client retries, no duplicate or half-written row",
        f"worker pid {killed} killed while a heartbeat waited in its transaction; {len(others)} learners "
        f"watching meanwhile ({other_errors} failed attempts of theirs retried); "
        f"the heartbeat sent {victim_beat.attempts}x ({victim_beat.errors}), then {victim_beat.status}",
        acknowledged,
        f"{found}, {len(duplicates)} duplicate and {len(half)} inconsistent rows",
        held,
    )


def _statuses_during(stack, paths, people_browsers, stop, record):
    """Pages fetched in a loop while a fault lasts: (status, Retry-After, German?, seconds) per answer."""
    browser = people_browsers
    while not stop.is_set():
        for path in paths:
            started = time.monotonic()
            try:
                response = browser.get(path)
                record.append(
                    (
                        response.status_code,
                        response.headers.get("Retry-After"),
                        "Einen Moment bitte." in response.text,
                        round(time.monotonic() - started, 2),
                    )
                )
            except Exception as exc:  # noqa: BLE001 - recorded, judged below
                record.append((type(exc).__name__, None, False, round(time.monotonic() - started, 2)))
        time.sleep(0.3)


def test_redis_down_for_30_seconds_under_heartbeat_load(stack):
    """Every heartbeat answered 200 is stored; completions in the window are repaired once Redis is back."""
    e_file = course(stack, "e-akte-grundlagen")
    video = lesson_of(e_file, "video")
    people = learners(stack, REDIS)
    threads, failures = in_threads(lambda person: all_but_video(person, e_file), people)
    join(threads, failures)
    stack.wait_idle()
    outage = float(__import__("os").environ.get("FAULTS_REDIS_OUTAGE", "30"))
    threads, failures = in_threads(
        lambda person: person.watch(video, deadline=time.monotonic() + 180), people
    )
    time.sleep(3)
    pages, stop = [], threading.Event()
    page_thread = threading.Thread(
        target=_statuses_during,
        args=(stack, [e_file["url"], "/"], learners(stack, [REDIS[0]])[0].browser, stop, pages),
    )
    stack.redis.stop()
    down_at = time.monotonic()
    page_thread.start()
    health = []
    try:
        while time.monotonic() - down_at < outage:
            started = time.monotonic()
            status, body = stack.health()
            health.append((status, body, round(time.monotonic() - started, 1)))
            time.sleep(5)
    finally:
        stop.set()
        page_thread.join(30)
        stack.redis.start()
    # Celery's worker may exit when its broker goes away (5.5: "Unrecoverable error: AttributeError
    # ('NoneType' object has no attribute 'hostname')" while restoring unacknowledged messages). In
    # production a supervisor (systemd Restart=always) starts it again; here the harness does.
    supervised = [name for name in ("worker", "beat") if not stack.processes.alive(name)]
    if "worker" in supervised:
        stack.processes.running.pop("worker", None)
        stack.start_worker()
    if "beat" in supervised:
        stack.processes.running.pop("beat", None)
        stack.start_beat()
    join(threads, failures, timeout=240)
    ids = [person.id for person in people]

    def repaired():
        return checks.one_certificate_each(checks.certificates(stack.pg.query, ids, e_file["id"]))

    wait_for("reconciliation after Redis is back", repaired, 180, 1)
    rows = checks.certificates(stack.pg.query, ids, e_file["id"])
    acknowledged, found = acknowledged_and_found(stack, people)
    during = [o for person in people for o in person.player.log if o.errors]
    names_redis = bool(health) and all(
        status == 503 and any("Redis" in value for value in body["checks"].values()) and seconds < 5
        for status, body, seconds in health
    )
    answered = bool(pages) and all(
        isinstance(s, int) and s in (200, 302, 503) and t < 10 for s, _, _, t in pages
    )
    unanswered = sum(1 for person in people for o in person.player.log if o.status is None)
    held = (
        found == acknowledged
        and unanswered == 0
        and checks.one_certificate_each(rows)
        and len(rows) == len(people)
        and names_redis
        and answered
    )
    verdict(
        "redis-down",
        "Redis down 30 s under heartbeat load: every heartbeat answered 200 stored, completions of the window "
        "repaired once Redis is back (none lost, none doubled), the site answers, /healthz names Redis",
        f"Redis stopped {outage:.0f} s while {len(people)} learners watched to the end; "
        f"restarted by the supervisor afterwards: {supervised or 'nothing'}; "
        f"{len(during)} heartbeats needed a retry; pages answered {sorted({s for s, *_ in pages}, key=str)}; "
        f"/healthz {sorted({s for s, *_ in health})} naming Redis: {names_redis} "
        f"(slowest answer {max((h[2] for h in health), default=0)} s)",
        acknowledged,
        f"{found}; {sum(row[2] for row in rows)} certificates for {len(rows)} completions",
        held,
    )


def test_postgresql_restarted_under_load(stack):
    """German 503 with Retry-After (JSON for the API) during the outage, no 200-acknowledged heartbeat lost,
    the web processes recover without restart."""
    call = course(stack, "videoberatung")
    video = lesson_of(call, "video")
    people = learners(stack, POSTGRES)
    workers_before = stack.gunicorn_workers()
    threads, failures = in_threads(
        lambda person: person.watch(video, deadline=time.monotonic() + 180), people
    )
    time.sleep(3)
    pages, stop = [], threading.Event()
    page_thread = threading.Thread(
        target=_statuses_during,
        args=(
            stack,
            [call["url"], stack.facts["catalog_url"]],
            learners(stack, [POSTGRES[0]])[0].browser,
            stop,
            pages,
        ),
    )
    page_thread.start()
    stack.pg.stop()
    try:
        time.sleep(8)
    finally:
        stack.pg.start()
        time.sleep(2)
        stop.set()
        page_thread.join(30)
    join(threads, failures, timeout=240)
    acknowledged, found = acknowledged_and_found(stack, people)
    api_refusals = [
        o.errors_detail
        for person in people
        for o in person.player.log
        if getattr(o, "errors_detail", None) is not None
    ]
    api_ok = all(
        r.status_code == 503
        and r.headers.get("Retry-After")
        and r.headers.get("Content-Type") == "application/json"
        and "Sekunden" in r.json()["errors"]["__all__"]
        for r in api_refusals
    )
    other_api_errors = [
        e for person in people for o in person.player.log for e in o.errors if e not in (503,)
    ]
    page_503 = [p for p in pages if p[0] == 503]
    pages_ok = all(p[0] in (200, 503) for p in pages) and all(p[1] and p[2] for p in page_503)
    recovered = stack.gunicorn_workers() == workers_before
    back = time.monotonic()
    with contextlib.suppress(HarnessError):
        stack.wait_healthy(timeout=60)
    status, _ = stack.health()
    healthy_after = time.monotonic() - back
    unanswered = sum(1 for person in people for o in person.player.log if o.status is None)
    held = (
        found == acknowledged
        and unanswered == 0
        and bool(api_refusals)
        and bool(page_503)
        and api_ok
        and pages_ok
        and not other_api_errors
        and recovered
        and status == 200
    )
    verdict(
        "postgres-restart",
        "PostgreSQL restarted under load: German 503 + Retry-After (JSON for the API), the queue resends, "
        "no 200-acknowledged heartbeat lost, web processes recover without restart",
        f"PostgreSQL stopped (fast shutdown) for 8 s while {len(people)} learners watched; "
        f"API: {len(api_refusals)} x 503 JSON with Retry-After, other errors {other_api_errors}; "
        f"pages: {len(page_503)} x German 503 of {len(pages)}; gunicorn workers unchanged: {recovered}; "
        f"/healthz {status} {healthy_after:.0f} s after PostgreSQL was back",
        acknowledged,
        found,
        held,
    )


def test_restore_drill(stack):
    """pg_dump plus media, drop, restore, compare counts: the backup of docs/operations.md works."""
    for name in ("gunicorn", "beat", "worker"):
        stack.processes.stop(name)
    tables = [
        row[0]
        for row in stack.pg.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    ]

    def counts():
        with stack.pg.connect() as conn:
            return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}

    def media():
        files = {}
        for folder in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"):
            root = __import__("pathlib").Path(stack.env[folder])
            files.update(
                {str(p.relative_to(root.parent)): p.stat().st_size for p in root.rglob("*") if p.is_file()}
            )
        return files

    before, media_before = counts(), media()
    backup = stack.root / "backup"
    backup.mkdir()
    pg = ["-h", "127.0.0.1", "-p", str(stack.pg.port), "-U", "lernhafen"]
    started = time.monotonic()
    subprocess.run([PG_BIN / "pg_dump", *pg, "-Fc", "-f", backup / "lernhafen.dump", "lernhafen"], check=True)
    media_roots = [stack.env["MEDIA_ROOT"], stack.env["PRIVATE_MEDIA_ROOT"]]
    parent = __import__("pathlib").Path(media_roots[0]).parent
    names = [__import__("pathlib").Path(p).name for p in media_roots]
    subprocess.run(["tar", "-C", parent, "-czf", backup / "media.tar.gz", *names], check=True)
    with stack.pg.connect(dbname="postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE lernhafen")
        conn.execute("CREATE DATABASE lernhafen")
    for path in media_roots:
        subprocess.run(["rm", "-rf", path], check=True)
    subprocess.run(
        [
            PG_BIN / "pg_restore",
            *pg,
            "-d",
            "lernhafen",
            "--no-owner",
            "--exit-on-error",
            backup / "lernhafen.dump",
        ],
        check=True,
    )
    subprocess.run(["tar", "-C", parent, "-xzf", backup / "media.tar.gz"], check=True)
    seconds = time.monotonic() - started
    after, media_after = counts(), media()
    stack.start_all()  # the site runs on the restored database
    learner = Learner(stack, 0)
    page = learner.browser.get(stack.facts["catalog_url"])
    differ = [t for t in tables if before[t] != after[t]]
    rows = sum(before.values())
    held = not differ and media_before == media_after and page.status_code == 200
    verdict(
        "restore-drill",
        "pg_dump plus media, drop, restore: the same counts in every table and the same files",
        f"dumped, dropped and restored {len(tables)} tables and {len(media_before)} media files in "
        f"{seconds:.1f} s; the site answered {page.status_code} on the restored database",
        f"{rows} rows, {len(media_before)} files",
        f"{sum(after.values())} rows, {len(media_after)} files; tables that differ: {differ or 'none'}",
        held,
    )
