"""Compares gunicorn server shapes with wrk: worker class, workers and threads, on the same seeded site.

For each shape in turn (the order alternates from round to round) a server is started with
learning/gunicorn.conf.py and the shape's overrides, and wrk measures: heartbeats (POST /api/progress/)
from 1 and 16 learners, the floor view of bench/heartbeat.py from 16, and the cached public home page from
16 connections. docs/performance.md ("Server shape") chose the defaults of learning/gunicorn.conf.py from
this comparison.
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import (
    REPO,
    BenchError,
    Client,
    Report,
    describe_shape,
    effective_shape,
    log,
    main_with_site,
)
from bench.heartbeat import Learners, check_learners, result_row, run_wrk, wrk_binary

PAGE_LUA = REPO / "bench" / "page.lua"
DEFAULT_SHAPES = "sync:2,sync:4,gthread:2x1,gthread:2x4,gthread:4x4"
# (label, kind, connections); kind is a heartbeat variant or "page".
CASES = [
    ("heartbeat, 1 learner", "api", 1),
    ("heartbeat, 16 learners", "api", 16),
    ("floor, 16 learners", "floor", 16),
    ("cached public page, 16 connections", "page", 16),
]


def configure(parser):
    parser.add_argument(
        "--shapes",
        default=DEFAULT_SHAPES,
        help=f"comma-separated, sync:WORKERS or gthread:WORKERSxTHREADS (default {DEFAULT_SHAPES})",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per case (default 10)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds over all shapes (default 2)")
    parser.add_argument(
        "--session-engines",
        help="also compare these session engines, e.g. db,cached_db (django.contrib.sessions.backends.*)",
    )


def parse_shape(text, keepalive=None):
    worker_class, _, size = text.partition(":")
    if worker_class == "sync":
        shape = {"worker_class": "sync", "workers": int(size), "threads": 1}
    elif worker_class == "gthread":
        workers, _, threads = size.partition("x")
        shape = {"worker_class": "gthread", "workers": int(workers), "threads": int(threads)}
    else:
        raise BenchError(f"unknown shape {text!r}: sync:N or gthread:NxT")
    if keepalive is not None:
        shape["keepalive"] = keepalive
    return shape


def run_page(server, path, connections, seconds, work_dir):
    result_file = work_dir / "page.json"
    result_file.unlink(missing_ok=True)
    command = [
        wrk_binary(),
        f"--threads={min(connections, 2)}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={PAGE_LUA}",
        f"http://127.0.0.1:{server.port}{path}",
    ]
    client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_before = server.cpu_seconds()
    finished = subprocess.run(
        command, env=dict(os.environ, BENCH_RESULT=str(result_file)), capture_output=True, text=True
    )
    server_after = server.cpu_seconds()
    client_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if finished.returncode != 0 or not result_file.exists():
        raise BenchError(f"wrk failed ({finished.returncode}):\n{finished.stdout}\n{finished.stderr}")
    result = json.loads(result_file.read_text())
    result["server_cpu_s"] = server_after - server_before
    result["client_cpu_s"] = (client_after.ru_utime + client_after.ru_stime) - (
        client_before.ru_utime + client_before.ru_stime
    )
    # result_row counts the statuses per learner; a page run is one "learner".
    result["learners"] = [{"statuses": result.pop("statuses")}]
    return result


def run(site, args):
    shapes = [parse_shape(text, args.keepalive) for text in args.shapes.split(",")]
    engines = args.session_engines.split(",") if args.session_engines else [None]
    setups = [(shape, engine) for shape in shapes for engine in engines]

    def label_of(shape, engine):
        label = describe_shape(effective_shape(shape)).removeprefix("gunicorn ")
        return f"{label}, sessions: {engine}" if engine else label

    prepared = site.django("heartbeat-prepare", {"learners": 16})
    learners = Learners(prepared)
    names = learners.names
    lesson = prepared["lesson"]

    def state():
        return site.django("heartbeat-state", {"lesson": lesson["id"], "users": names})["rows"]

    report = Report("Server shapes: gunicorn worker class, workers and threads (wrk)")
    report.note(
        f"Each shape in turn on the same seeded site (`bench.settings`, "
        f"{'PostgreSQL' if site.services else 'SQLite'}"
        f"{', Redis' if 'REDIS_URL' in site.services else ''}), {args.rounds} rounds, the order of the shapes "
        f"alternating; per shape and round {args.duration} s per case after a short warm-up. Heartbeats as in "
        "bench/heartbeat.py (one learner per connection, 1 ms step); the public page is `/` from the page "
        "cache. Figures are the medians over the rounds; server CPU from /proc as in bench/heartbeat.py."
    )
    raw = []
    work_dir = Path(tempfile.mkdtemp(prefix="shapes-", dir=site.var_dir))
    problems = []
    try:
        learners.update(state())
        for round_number in range(1, args.rounds + 1):
            order = setups if round_number % 2 else list(reversed(setups))
            for shape, engine in order:
                label = label_of(shape, engine)
                extra = (
                    {"BENCH_SESSION_ENGINE": f"django.contrib.sessions.backends.{engine}"} if engine else {}
                )
                server = site.server(shape, **extra)
                try:
                    log(f"round {round_number}: {label}")
                    client = Client(server.port)
                    client.request("GET", "/")  # the cache miss that stores the page
                    client.close()
                    for variant in ("api", "floor"):
                        run_wrk(server, learners, variant, 16, 2, 1, work_dir)
                        learners.update(state())
                    for case, kind, connections in CASES:
                        if kind == "page":
                            result = run_page(server, "/", connections, args.duration, work_dir)
                            found = []
                        else:
                            result = run_wrk(server, learners, kind, connections, args.duration, 1, work_dir)
                            current = state()
                            found = check_learners(result, current, kind)
                            learners.update(current)
                            problems += found
                        row = result_row(round_number, connections, kind, result, found)
                        raw.append({"shape": label, "case": case, **row})
                finally:
                    site.stop_servers()
    finally:
        site.stop_servers()

    summary = []
    for shape, engine in setups:
        label = label_of(shape, engine)
        for case, _kind, _connections in CASES:
            runs = [row for row in raw if row["shape"] == label and row["case"] == case]
            summary.append(
                {
                    "shape": label,
                    "case": case,
                    **{
                        column: round(statistics.median(row[column] for row in runs), 2)
                        for column in ("req/s", "p50 ms", "p95 ms", "p99 ms", "server CPU ms/req")
                    },
                    "non-2xx + errors": sum(row["non-2xx"] + row["socket errors"] for row in runs),
                }
            )
    report.table("Medians over the rounds", summary)
    report.table("Every run", raw)
    if problems:
        report.note("Lost or duplicate heartbeats: " + "; ".join(problems[:10]))
    return report


if __name__ == "__main__":
    main_with_site(__doc__, run, configure)
