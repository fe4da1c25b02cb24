"""Benchmark at the scale of all job centres (75,000 staff) on PostgreSQL, with the production settings.

Needs DATABASE_URL (a PostgreSQL database this benchmark may fill: empty, or seeded by bench/seed_scale.py
before) and REDIS_URL (cache, Celery broker and results). The first run seeds the database (bench/seed_scale.py,
some minutes); every run then works on a copy of it (CREATE DATABASE … TEMPLATE), dropped at the end, so runs
start from the same data. It serves the copy with gunicorn and `learning.settings.production` (plain HTTP on
loopback: SECURE_SSL_REDIRECT off, nothing else relaxed; the coordinator signs in with password and TOTP code),
runs a Celery worker for the background export and the nightly tasks, and measures:

- page views as the client sees them (p50/p95): Mein Lernen of a person with 40 courses, the catalogue search,
  the Lotse dashboard with 50 coachings, the compliance overview of one requirement for 75,000 people, the
  coordinators' Lotsen reports; the heartbeat (POST /api/progress/) with 1 and 16 clients;
- per task the duration: the export of 75,000 rows built by the worker (CSV, XLSX), the nightly requirement
  task (twice: tonight's renewals, then nothing to do), the retention task (twice), and the first sync of a
  new requirement for everybody;
- in-process (rolled back): SQL statements per view and task, and EXPLAIN (ANALYZE, BUFFERS) of the slowest
  (`--plans FILE` writes them all).
"""

import argparse
import base64
import contextlib
import hashlib
import hmac
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from bench._harness import (
    PYTHON,
    REPO,
    BenchError,
    Client,
    Report,
    Server,
    csrf_from,
    fmt,
    run_clients,
    summary_row,
)

SETTINGS = "learning.settings.production"
# The same key for seeding and serving, so that sessions and access-log pseudonyms agree. Loopback only.
SECRET_KEY = "bench-scale-secret-key-never-for-production-7f3a9c2e5b1d4086"
PASSWORD = "lernhafen-demo"  # learning.demo.DEMO_PASSWORD, which seed_scale gives every account
COORDINATOR_TOTP = "NRSXE3TIMFTGK3RNMRSW23ZNNNQWSLJN"  # learning.demo.DEMO_TOTP_SECRETS["kai"]
HEARTBEAT_SECONDS = 15
QUICK = {"requests": 3, "heartbeats": 50}


def totp(secret, moment=None):
    """The 6-digit TOTP code (RFC 6238, 30 s steps) an authenticator app shows for `secret` (Base32)."""
    counter = int((moment or time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


# The database --------------------------------------------------------------------------------------------------


def _parts(url):
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise BenchError("DATABASE_URL must be a postgres:// URL for the scale benchmark")
    return parsed, parsed.path.lstrip("/")


def _admin_connection(url):
    parsed, _name = _parts(url)
    return psycopg.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=urllib.parse.unquote(parsed.username or ""),
        password=urllib.parse.unquote(parsed.password or "") or None,
        dbname="postgres",
        autocommit=True,
    )


def seed_state(url):
    with _admin_connection(url) as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [_parts(url)[1]],
        ).fetchone()
    if row is None:
        raise BenchError(f"the database of DATABASE_URL does not exist: {_parts(url)[1]}")
    text = row[0] or ""
    if text.startswith("lernhafen-scale-seed: done "):
        return json.loads(text.removeprefix("lernhafen-scale-seed: done "))
    return None


def seed(url, var_dir):
    """bench/seed_scale.py into the database of `url`; returns its summary (it refuses a foreign database)."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=url,
        SECRET_KEY=SECRET_KEY,
        LERNHAFEN_VAR_DIR=str(var_dir),
        MEDIA_ROOT=str(var_dir / "media"),
        PRIVATE_MEDIA_ROOT=str(var_dir / "private"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(REPO),
    )
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        env.pop(name, None)
    print("Seeding the scale database (bench/seed_scale.py) …", flush=True)
    result = subprocess.run([PYTHON, "bench/seed_scale.py"], cwd=REPO, env=env, check=False, text=True)
    if result.returncode != 0:
        raise BenchError("bench/seed_scale.py failed")
    return seed_state(url)


@contextlib.contextmanager
def database_copy(url, keep=False):
    """A copy of the seeded database for one run (CREATE DATABASE … TEMPLATE), dropped afterwards."""
    parsed, name = _parts(url)
    copy_name = f"{name}_run"
    with _admin_connection(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{copy_name}"')
        started = time.monotonic()
        connection.execute(f'CREATE DATABASE "{copy_name}" TEMPLATE "{name}"')
        seconds = time.monotonic() - started
    try:
        yield parsed._replace(path=f"/{copy_name}").geturl(), seconds
    finally:
        if not keep:
            with _admin_connection(url) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{copy_name}" WITH (FORCE)')


# The site ------------------------------------------------------------------------------------------------------


class ScaleSite:
    """The production settings on loopback: a temp dir for static and media files, the database copy, Redis."""

    def __init__(self, database_url, redis_url, var_dir):
        self.database_url = database_url
        self.redis_url = redis_url
        self.var_dir = var_dir
        self.queue = f"lernhafen-bench-scale-{os.getpid()}"
        self.worker = None
        self.servers = []

    def env(self, **extra):
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE=SETTINGS,
            SECRET_KEY=SECRET_KEY,
            ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            CELERY_BROKER_URL=os.environ.get("CELERY_BROKER_URL") or self.redis_url,
            CELERY_QUEUE=self.queue,
            BASE_URL="http://127.0.0.1",
            PUBLIC_BASE_URL="http://127.0.0.1",
            EMAIL_HOST="127.0.0.1",
            DEFAULT_FROM_EMAIL="lernhafen@bench.invalid",
            MEDIA_ROOT=str(self.var_dir / "media"),
            PRIVATE_MEDIA_ROOT=str(self.var_dir / "private"),
            STATIC_ROOT=str(self.var_dir / "static"),
            LERNHAFEN_VAR_DIR=str(self.var_dir),
            # Plain HTTP on loopback; everything else is as in production.
            SECURE_SSL_REDIRECT="0",
            LOG_LEVEL="WARNING",
            PYTHONPATH=str(REPO),
        )
        env.pop("CELERY_RESULT_BACKEND", None)
        env.update({name: str(value) for name, value in extra.items()})
        return env

    def run(self, *args, timeout=900):
        result = subprocess.run(
            [PYTHON, *args], cwd=REPO, env=self.env(), capture_output=True, text=True, timeout=timeout
        )
        if result.returncode != 0:
            raise BenchError(f"{' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
        return result.stdout

    def django(self, step, payload=None, timeout=900):
        output = self.run("bench/_scale_django.py", step, json.dumps(payload or {}), timeout=timeout)
        return json.loads(output.strip().splitlines()[-1])

    def server(self, workers):
        # Sync workers, as the figures of docs/performance.md ("Scale on PostgreSQL") were measured; the harness
        # now starts learning/gunicorn.conf.py with a shape instead of a number of workers.
        server = Server(self, shape={"workers": workers, "worker_class": "sync"})
        self.servers.append(server)
        return server

    def start_worker(self):
        log = open(self.var_dir / "worker.log", "wb")  # noqa: SIM115 - closed in stop_worker()
        command = [PYTHON, "-m", "celery", "-A", "learning", "worker", "--pool=solo", "--loglevel=WARNING"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-Q", self.queue]
        self.worker = (
            subprocess.Popen(command, cwd=REPO, env=self.env(), stdout=log, stderr=subprocess.STDOUT),
            log,
        )
        self.django("task", {"name": "learning.ping", "timeout": 120})  # up and answering

    def stop_worker(self):
        if self.worker is None:
            return
        process, log = self.worker
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()
        self.worker = None

    def close(self):
        for server in self.servers:
            server.stop()
        self.servers = []
        self.stop_worker()


# Clients -------------------------------------------------------------------------------------------------------


def sign_in(port, username, totp_secret=None):
    """A client signed in through the sign-in form (and the code page), as a browser would."""
    client = Client(port)
    status, _headers, body, _seconds = client.request("GET", "/anmelden/")
    if status != 200:
        raise BenchError(f"GET /anmelden/ answered {status}")
    form = {"csrfmiddlewaretoken": csrf_from(body), "username": username, "password": PASSWORD}
    status, _headers, _body, _seconds = client.request(
        "POST",
        "/anmelden/",
        body=urllib.parse.urlencode(form),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    if status != 302 or not any(name.endswith("sessionid") for name in client.cookies):
        raise BenchError(f"signing in as {username} failed (status {status})")
    if totp_secret:
        status, _headers, body, _seconds = client.request("GET", "/anmelden/code/")
        form = {"csrfmiddlewaretoken": csrf_from(body), "code": totp(totp_secret)}
        status, _headers, _body, _seconds = client.request(
            "POST",
            "/anmelden/code/",
            body=urllib.parse.urlencode(form),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302:
            raise BenchError(f"the second factor of {username} was refused (status {status})")
    return client


def get_ok(client, path, expect=(200,)):
    status, _headers, body, _seconds = client.request("GET", path)
    if status not in expect:
        raise BenchError(f"GET {path} answered {status}")
    return status, len(body)


def measure(label, clients, path, requests, max_seconds):
    """The first request (its own column: a cold cache or a report month frozen), then `requests` more."""
    started = time.perf_counter()
    _status, size = get_ok(clients[0], path)
    first = (time.perf_counter() - started) * 1000

    def one(client, _index):
        return get_ok(client, path)

    recorder, wall = run_clients(clients, requests, one, max_seconds=max_seconds)
    row = summary_row(label, recorder, wall)
    row["first ms"] = fmt(first)
    row["bytes"] = size
    return row


def heartbeat(lesson, beat):
    start = (beat * HEARTBEAT_SECONDS) % lesson["duration"]
    end = min(start + HEARTBEAT_SECONDS, lesson["duration"])
    return {"lesson": lesson["id"], "intervals": [[start, end]], "position": end}


def heartbeats(site, server, targets, label, users, total, max_seconds):
    lesson = targets["lesson"]
    clients = []
    for username in users:
        client = sign_in(server.port, username)
        _status, _headers, body, _seconds = client.request("GET", lesson["url"])
        client.csrf, client.beats = csrf_from(body), 0
        clients.append(client)

    def one(client, _index):
        headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": client.csrf,
            "Origin": f"http://127.0.0.1:{client.port}",
        }
        status, _headers, body, _seconds = client.request(
            "POST", "/api/progress/", body=json.dumps(heartbeat(lesson, client.beats)), headers=headers
        )
        client.beats += 1
        if status != 200:
            raise BenchError(f"{status}: {body[:200]!r}")
        return status, len(body)

    recorder, wall = run_clients(clients, total, one, max_seconds=max_seconds)
    row = summary_row(label, recorder, wall)
    if recorder.failures:
        row["case"] += f" (first failure: {recorder.failures[0][:80]})"
    return row


# The run -------------------------------------------------------------------------------------------------------


def view_cases(targets):
    catalog = targets["catalog_url"]
    stand = "/admin/pflichtschulungen/stand/"
    requirement = targets["requirement"]
    return [
        ("Mein Lernen, 40 courses", "learner", "/lernen/"),
        ("catalogue ?q=Datenschutz", "learner", f"{catalog}?q=Datenschutz"),
        ("catalogue ?q=Fachverfahren ALLEGRO", "learner", f"{catalog}?q=Fachverfahren+ALLEGRO"),
        ("catalogue ?q=Datanschutz (did you mean)", "learner", f"{catalog}?q=Datanschutz"),
        ("Lotse dashboard, 50 coachings", "lotse", "/lotsen/"),
        ("compliance overview, 1 requirement, page 1", "coordinator", f"{stand}?requirement={requirement}"),
        (
            "compliance overview, 1 requirement + area",
            "coordinator",
            f"{stand}?requirement={requirement}&org_unit={targets['area']}",
        ),
        (
            "compliance overview, overdue only",
            "coordinator",
            f"{stand}?requirement={requirement}&state=overdue",
        ),
        ("compliance overview, all requirements", "coordinator", stand),
        ("report: Lotsen coverage", "coordinator", "/admin/reports/lotsen/abdeckung/"),
        ("report: requests and sessions", "coordinator", "/admin/reports/lotsen/anfragen-termine/"),
        ("report: quota use", "coordinator", "/admin/reports/lotsen/zeitkontingent/"),
    ]


def explain_cases(targets):
    users = {
        "learner": targets["many_courses"],
        "lotse": targets["lotse"],
        "coordinator": targets["coordinator"],
    }
    cases = [{"label": label, "user": users[who], "path": path} for label, who, path in view_cases(targets)]
    cases.append(
        {
            "label": "task: export queryset, 1 requirement",
            "task": "export",
            "user": targets["coordinator"],
            "params": {"requirement": [str(targets["requirement"])]},
        }
    )
    cases.append(
        {
            "label": "task: sync of one requirement (nightly)",
            "task": "sync",
            "requirement": targets["requirement"],
        }
    )
    cases.append({"label": "task: retention (dry run)", "task": "retention"})
    return cases


def write_plans(path, results):
    lines = ["# EXPLAIN (ANALYZE, BUFFERS) of the slowest statements per case", ""]
    for case in results:
        lines += [f"## {case['label']}", "", f"{case['queries']} statements, {case['sql_ms']} ms of SQL.", ""]
        for query in case["heavy"]:
            lines += [f"### {query['ms']} ms", "", "```sql", query["sql"], "```", ""]
            if query["plan"]:
                lines += ["```", *query["plan"], "```", ""]
    Path(path).write_text("\n".join(lines), encoding="utf-8")


def run_suite(args):
    """Everything above; returns (report, targets as (name, measured, passed))."""
    url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not url or not redis_url:
        raise BenchError("the scale benchmark needs DATABASE_URL (PostgreSQL) and REDIS_URL")
    quick = getattr(args, "quick", False)
    requests = QUICK["requests"] if quick else args.requests
    beats = QUICK["heartbeats"] if quick else args.heartbeats
    var_dir = Path(tempfile.mkdtemp(prefix="lernhafen-scale-"))
    report = Report("Scale on PostgreSQL: 75,000 staff")
    results = []
    try:
        state = seed_state(url)
        seeded_now = state is None
        if seeded_now:
            state = seed(url, var_dir / "seed")
        with database_copy(url, keep=args.keep_copy) as (copy_url, copy_seconds):
            site = ScaleSite(copy_url, redis_url, var_dir)
            try:
                started = time.monotonic()
                site.run("manage.py", "collectstatic", "--no-input", "-v0")
                static_seconds = time.monotonic() - started
                targets = site.django("targets")
                counts = state["counts"]
                report.note(
                    f"Data (bench/seed_scale.py, {'seeded in this run' if seeded_now else 'seeded before'} in "
                    f"{state['seconds']:.0f} s on {state['today']}): {counts['auth_user']:,} accounts, "
                    f"{counts['learning_orgunit']} org units, {counts['courses_coursepage']} courses, "
                    f"{counts['courses_lessonpage']:,} lessons, {counts['learning_enrolment']:,} enrolments, "
                    f"{counts['learning_lessonprogress']:,} progress rows, {counts['learning_certificate']:,} "
                    f"certificates, {counts['learning_requirementcycle']:,} requirement cycles, "
                    f"{counts['lotsen_lotse']} Lotsen, {counts['lotsen_coaching']:,} coachings, "
                    f"{counts['lotsen_coachingsession']:,} sessions, {counts['learning_accesslogentry']:,} "
                    f"access-log entries. The run's copy of the database took {copy_seconds:.0f} s, "
                    f"collectstatic {static_seconds:.0f} s."
                )
                if not args.no_explain:
                    results = site.django("explain", {"cases": explain_cases(targets), "top": 3})["results"]
                    if args.plans:
                        write_plans(args.plans, results)
                queries = {case["label"]: case["queries"] for case in results}
                server = site.server(workers=args.workers)
                clients = {
                    "learner": sign_in(server.port, targets["many_courses"]),
                    "lotse": sign_in(server.port, targets["lotse"]),
                    "coordinator": sign_in(server.port, targets["coordinator"], COORDINATOR_TOTP),
                }
                rows = []
                for label, who, path in view_cases(targets):
                    row = measure(label, [clients[who]], path, requests, args.max_seconds)
                    row["queries"] = queries.get(label)
                    rows.append(row)
                report.table(
                    f"Pages (gunicorn {args.workers} sync workers, 1 client, {requests} requests after the first)",
                    rows,
                )
                beat_rows = [
                    heartbeats(
                        site,
                        server,
                        targets,
                        "heartbeat, 1 client",
                        targets["heartbeat_users"][:1],
                        beats,
                        args.max_seconds,
                    ),
                    heartbeats(
                        site,
                        server,
                        targets,
                        "heartbeat, 16 clients",
                        targets["heartbeat_users"],
                        beats,
                        args.max_seconds,
                    ),
                ]
                report.table(
                    "Heartbeats POST /api/progress/ (closed loop, each client the next 15 s)", beat_rows
                )
                if not args.no_tasks:
                    tasks = run_tasks(site, server, clients["coordinator"], targets, args)
                    report.table("Tasks (Celery worker, --pool=solo, production settings)", tasks)
            finally:
                site.close()
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    if results:
        report.table(
            "SQL per case (in-process, second request, rolled back) and the slowest statement",
            [
                {
                    "case": case["label"],
                    "statements": case["queries"],
                    "SQL ms": case["sql_ms"],
                    "slowest ms": case["heavy"][0]["ms"] if case["heavy"] else None,
                    "slowest": _short(case["heavy"][0]["sql"]) if case["heavy"] else "",
                }
                for case in results
            ],
        )
    return report.finish(), scale_targets(report)


def _short(sql):
    return " ".join(sql.split())[:120].replace("|", "\\|")


def run_tasks(site, server, coordinator, targets, args):
    rows = []
    site.start_worker()
    try:
        for export_format in ("csv", "xlsx"):
            after = site.django("last-export", {"user": targets["coordinator"]})["id"]
            path = (
                f"/admin/pflichtschulungen/stand/?requirement={targets['requirement']}&export={export_format}"
            )
            started = time.perf_counter()
            get_ok(coordinator, path, expect=(302,))
            job = site.django("export-job", {"user": targets["coordinator"], "after": after, "timeout": 600})
            rows.append(
                {
                    "task": f"export {export_format.upper()}, 1 requirement",
                    "seconds": round(time.perf_counter() - started, 1),
                    "result": f"{job['state']}, {job['rows']:,} rows, {job['bytes'] or 0:,} bytes"
                    if job["rows"]
                    else f"{job['state']} {job['error']}",
                    "worker seconds": job["build_seconds"],
                }
            )
        for run in ("1st", "2nd"):
            done = site.django(
                "task", {"name": "learning.reconcile_requirements", "timeout": 1800}, timeout=1900
            )
            rows.append(
                {
                    "task": f"nightly requirement task ({run} run)",
                    "seconds": done["seconds"],
                    "result": f"{done['result']} writes",
                    "worker seconds": None,
                }
            )
        for run in ("1st", "2nd"):
            done = site.django("task", {"name": "learning.apply_retention", "timeout": 1800}, timeout=1900)
            total = sum(done["result"].values())
            detail = ", ".join(f"{key} {value}" for key, value in done["result"].items() if value)
            rows.append(
                {
                    "task": f"retention task ({run} run)",
                    "seconds": done["seconds"],
                    "result": f"{total} rows ({detail or 'nothing'})",
                    "worker seconds": None,
                }
            )
    finally:
        site.stop_worker()
    if not (args.no_first_sync or getattr(args, "quick", False)):
        done = site.django("first-sync", timeout=3600)
        rows.append(
            {
                "task": "first sync of a new requirement for all staff (in-process)",
                "seconds": done["seconds"],
                "result": f"{done['people']:,} people, {done['writes']:,} writes, {done['queries']:,} statements",
                "worker seconds": None,
            }
        )
    return rows


def _row(report, caption, first):
    return next(row for row in report.rows(caption) if next(iter(row.values())).startswith(first))


def scale_targets(report):
    """(target, measured, passed) from the tables the run made (one without tasks has no task targets)."""
    pages = "Pages"
    compliance = _row(report, pages, "compliance overview, 1 requirement, page 1")
    beats16 = _row(report, "Heartbeats", "heartbeat, 16 clients")
    staff = [
        _row(report, pages, name) for name in ("Mein Lernen", "catalogue ?q=Datenschutz", "Lotse dashboard")
    ]
    slowest = max(staff, key=lambda row: row["p95 ms"] or 0)
    result = [
        (
            "Compliance overview of 75,000 people, first page p95 < 500 ms",
            f"{compliance['p95 ms']} ms",
            (compliance["p95 ms"] or 1e9) < 500,
        ),
        (
            "Staff pages at scale p95 < 200 ms, 1 client",
            f"{slowest['p95 ms']} ms ({slowest['case']})",
            (slowest["p95 ms"] or 1e9) < 200,
        ),
        (
            "Heartbeat p95 < 50 ms, 16 clients, scaled data",
            f"{beats16['p95 ms']} ms",
            (beats16["p95 ms"] or 1e9) < 50,
        ),
    ]
    if any(kind == "table" and text.startswith("Tasks") for kind, text, _rows in report.parts):
        csv = _row(report, "Tasks", "export CSV")
        nightly = _row(report, "Tasks", "nightly requirement task (1st")
        result += [
            (
                "Export of 75,000 rows built by a worker in < 60 s (CSV)",
                f"{csv['worker seconds']} s",
                (csv["worker seconds"] or 1e9) < 60,
            ),
            (
                "Nightly requirement task for 75,000 people < 5 min",
                f"{nightly['seconds']} s",
                nightly["seconds"] < 300,
            ),
        ]
    return result


def markdown_targets(targets):
    lines = ["| target | measured | result |", "|---|---|---|"]
    lines += [f"| {name} | {measured} | {'PASS' if ok else 'FAIL'} |" for name, measured, ok in targets]
    return "\n".join(lines)


def configure(parser):
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--requests", type=int, default=40, help="requests per page after the first (default 40)"
    )
    parser.add_argument("--heartbeats", type=int, default=1000, help="heartbeats per case (default 1000)")
    parser.add_argument("--max-seconds", type=float, default=90, help="time limit per case (default 90)")
    parser.add_argument("--plans", help="write the EXPLAIN plans of the slowest statements to this file")
    parser.add_argument("--no-explain", action="store_true", help="skip the in-process SQL and plans")
    parser.add_argument("--no-tasks", action="store_true", help="skip the export and the nightly tasks")
    parser.add_argument("--no-first-sync", action="store_true", help="skip the first sync for all staff")
    parser.add_argument("--keep-copy", action="store_true", help="keep the run's copy of the database")
    parser.add_argument("--quick", action="store_true", help="few requests: check that everything runs")
    parser.add_argument("--markdown", help="append the results as Markdown to this file")


def parse_defaults():
    """The defaults of the options, for bench/run_all.py."""
    parser = argparse.ArgumentParser()
    configure(parser)
    return parser.parse_args([])


def _sigterm_to_exit(signum, frame):
    raise SystemExit(128 + signum)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    configure(parser)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _sigterm_to_exit)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    report, targets = run_suite(args)
    report.emit(args.markdown)
    print(markdown_targets(targets))
    if args.markdown:
        with open(args.markdown, "a", encoding="utf-8") as handle:
            handle.write(markdown_targets(targets) + "\n")


if __name__ == "__main__":
    main()
