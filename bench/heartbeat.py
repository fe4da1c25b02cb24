"""Benchmark of video heartbeats with wrk: POST /api/progress/ against a floor view, A/B interleaved.

Every wrk connection is one signed-in learner (a session made beforehand with the SessionStore, its own CSRF
token) whose heartbeats report the next stretch of a very long video (bench/heartbeat.lua). Variant "api" is
the real POST /api/progress/; variant "floor" is bench/floor.py on the same server: session authentication,
CSRF, JSON and one UPSERT, nothing else. Each round runs both at each connection count back to back (the
order alternates from round to round), so the floor is measured under the same load of the shared machine.
Afterwards every learner must have exactly one progress row, and none may have a stored position behind the
last position the client saw acknowledged with 200.
"""

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import (
    REPO,
    BenchError,
    Report,
    describe_shape,
    effective_shape,
    log,
    main_with_site,
    shape_from,
)

LUA = REPO / "bench" / "heartbeat.lua"
WINDOW_SECONDS = 15  # progress.js sends a heartbeat every 15 s of playback
START_MS = WINDOW_SECONDS * 1000  # a learner's first heartbeat reports the video's first 15 s
VARIANTS = {"api": "/api/progress/", "floor": "/bench/heartbeat-floor/"}
TARGET_CPU_RATIO = 1.5
TARGET_P95_MS = 50
TARGET_P95_CONNECTIONS = 16
TARGET_THROUGHPUT_RATIO = 0.6


def configure(parser):
    parser.add_argument("--duration", type=int, default=30, help="seconds per run (default 30)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of all runs (default 3)")
    parser.add_argument(
        "--connections", default="1,16", help="connection counts, comma-separated (default 1,16)"
    )
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up per variant (default 5)")
    parser.add_argument(
        "--step-ms",
        type=int,
        default=1,
        help="how far the position moves on per heartbeat (default 1 ms; 15000: disjoint 15-s stretches)",
    )


def wrk_binary():
    found = shutil.which("wrk")
    if not found:
        raise BenchError(
            "wrk is not installed; scripts/install-system-packages installs it (Debian package wrk)"
        )
    return found


class Learners:
    """The prepared learners and where each one's position stands."""

    def __init__(self, prepared):
        self.prepared = prepared
        self.people = prepared["learners"]
        self.names = [person["username"] for person in self.people]
        self.positions = {variant: dict.fromkeys(self.names, START_MS) for variant in VARIANTS}

    def write(self, path, variant, count):
        lines = [
            "\t".join(
                [
                    person["username"],
                    person["session"],
                    person["csrf_cookie"],
                    person["csrf_token"],
                    str(self.positions[variant][person["username"]]),
                ]
            )
            for person in self.people[:count]
        ]
        path.write_text("\n".join(lines) + "\n")

    def update(self, state):
        """Each learner goes on from the position stored for them (the last heartbeat the server took)."""
        for name, row in state.items():
            for variant, stored in (("api", row["api_position"]), ("floor", row["floor_position"])):
                if stored is not None:
                    self.positions[variant][name] = max(START_MS, round(stored * 1000))


def run_wrk(server, learners, variant, connections, seconds, step_ms, work_dir):
    """One wrk run; returns wrk's result (see heartbeat.lua's done()) with the server's and wrk's CPU time."""
    learners_file = work_dir / "learners.tsv"
    result_file = work_dir / "result.json"
    result_file.unlink(missing_ok=True)
    learners.write(learners_file, variant, connections)
    env = dict(
        os.environ,
        BENCH_LEARNERS=str(learners_file),
        BENCH_RESULT=str(result_file),
        BENCH_PATH=VARIANTS[variant],
        BENCH_LESSON=str(learners.prepared["lesson"]["id"]),
        BENCH_STEP_MS=str(step_ms),
        BENCH_SESSION_COOKIE=learners.prepared["session_cookie"],
        BENCH_CSRF_COOKIE=learners.prepared["csrf_cookie"],
    )
    command = [
        wrk_binary(),
        f"--threads={connections}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={LUA}",
        f"http://127.0.0.1:{server.port}{VARIANTS[variant]}",
    ]
    client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_before = server.cpu_seconds()
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 60)
    server_after = server.cpu_seconds()
    client_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if finished.returncode != 0 or not result_file.exists():
        raise BenchError(f"wrk failed ({finished.returncode}):\n{finished.stdout}\n{finished.stderr}")
    result = json.loads(result_file.read_text())
    result["server_cpu_s"] = server_after - server_before
    result["client_cpu_s"] = (client_after.ru_utime + client_after.ru_stime) - (
        client_before.ru_utime + client_before.ru_stime
    )
    return result


def check_learners(result, state, variant):
    """Learners of this run whose row count is not 1 or whose stored position is behind their last 200."""
    problems = []
    for learner in result["learners"]:
        row = state[learner["name"]]
        rows, stored = row[f"{variant}_rows"], row[f"{variant}_position"]
        if rows != 1:
            problems.append(f"{learner['name']}: {rows} rows")
        acked = learner["acked_position_ms"]
        # Positions travel as seconds with three decimals: compare in whole milliseconds.
        if acked >= 0 and (stored is None or round(stored * 1000) < acked):
            problems.append(f"{learner['name']}: stored {stored} s < acknowledged {acked / 1000} s")
    return problems


def result_row(round_number, connections, variant, result, problems):
    seconds = result["duration_us"] / 1e6
    requests = result["requests"]
    latency = result["latency_us"]
    statuses = {}
    for learner in result["learners"]:
        for status, count in learner["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    non_2xx = sum(count for status, count in statuses.items() if not status.startswith("2"))
    errors = result["errors"]
    return {
        "round": round_number,
        "connections": connections,
        "variant": variant,
        "requests": requests,
        "req/s": round(requests / seconds, 1) if seconds else None,
        "p50 ms": round(latency["p50"] / 1000, 1),
        "p95 ms": round(latency["p95"] / 1000, 1),
        "p99 ms": round(latency["p99"] / 1000, 1),
        "max ms": round(latency["max"] / 1000, 1),
        "server CPU ms/req": round(result["server_cpu_s"] * 1000 / requests, 2) if requests else None,
        "wrk CPU ms/req": round(result["client_cpu_s"] * 1000 / requests, 2) if requests else None,
        "non-2xx": non_2xx,
        "socket errors": errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
        "lost or duplicate": len(problems),
    }


def ratio_rows(rows):
    """Per round and connection count: the heartbeat against the floor, and the targets."""
    out = []
    by_key = {(row["round"], row["connections"], row["variant"]): row for row in rows}
    for (round_number, connections, variant), api in sorted(by_key.items()):
        if variant != "api" or (round_number, connections, "floor") not in by_key:
            continue
        base = by_key[(round_number, connections, "floor")]
        cpu = api["server CPU ms/req"] / base["server CPU ms/req"]
        throughput = api["req/s"] / base["req/s"]
        p95_target = connections == TARGET_P95_CONNECTIONS
        out.append(
            {
                "round": round_number,
                "connections": connections,
                "CPU ms/req api / floor": f"{api['server CPU ms/req']} / {base['server CPU ms/req']}",
                "CPU ratio": round(cpu, 2),
                f"CPU ≤ {TARGET_CPU_RATIO}×": "PASS" if cpu <= TARGET_CPU_RATIO else "FAIL",
                "req/s api / floor": f"{api['req/s']} / {base['req/s']}",
                "throughput ratio": round(throughput, 2),
                f"≥ {TARGET_THROUGHPUT_RATIO:.0%}": "PASS"
                if throughput >= TARGET_THROUGHPUT_RATIO
                else "FAIL",
                "api p95 ms": api["p95 ms"],
                f"p95 < {TARGET_P95_MS} ms": ("PASS" if api["p95 ms"] < TARGET_P95_MS else "FAIL")
                if p95_target
                else "–",
            }
        )
    return out


def targets(report):
    """(target, measured, passed) over all rounds, for bench/run_all.py's summary."""
    ratios = report.rows("Heartbeat against the floor")
    runs = report.rows("Runs")
    final = report.rows("State afterwards")
    cpu = [row["CPU ratio"] for row in ratios]
    throughput = [row["throughput ratio"] for row in ratios]
    p95 = [row["api p95 ms"] for row in ratios if row["connections"] == TARGET_P95_CONNECTIONS]
    failures = sum(row["non-2xx"] + row["socket errors"] + row["lost or duplicate"] for row in runs)
    healthy = all(row["rows"] == 1 and row["lost"] == 0 for row in final)
    return [
        (
            f"Heartbeat server CPU ≤ {TARGET_CPU_RATIO}× the floor's, every round and connection count",
            f"{min(cpu)}–{max(cpu)}×",
            max(cpu) <= TARGET_CPU_RATIO,
        ),
        (
            f"Heartbeat p95 < {TARGET_P95_MS} ms at {TARGET_P95_CONNECTIONS} connections (wrk), every round",
            f"{min(p95)}–{max(p95)} ms" if p95 else "not measured",
            bool(p95) and max(p95) < TARGET_P95_MS,
        ),
        (
            f"Heartbeat throughput ≥ {TARGET_THROUGHPUT_RATIO:.0%} of the floor's in the same round",
            f"{min(throughput):.0%}–{max(throughput):.0%}",
            min(throughput) >= TARGET_THROUGHPUT_RATIO,
        ),
        (
            "Heartbeats (wrk): no errors, one progress row per learner, no acknowledged heartbeat lost",
            f"{failures} failures, rows {sorted({row['rows'] for row in final})}",
            failures == 0 and healthy,
        ),
    ]


def run(site, args):
    connection_counts = [int(part) for part in str(args.connections).split(",")]
    shape = shape_from(args)
    prepared = site.django("heartbeat-prepare", {"learners": max(connection_counts)})
    learners = Learners(prepared)
    lesson = prepared["lesson"]
    report = Report("Heartbeats with wrk: POST /api/progress/ against the floor")
    report.note(
        f"{describe_shape(effective_shape(shape))}, `bench.settings` ({'PostgreSQL' if site.services else 'SQLite'}). "
        f"wrk {args.duration} s per run, {args.rounds} rounds, A/B interleaved (the order alternates per round), "
        f"after {args.warmup} s of warm-up per variant. Every connection is one learner (hb01–hb"
        f"{max(connection_counts):02d}, sessions made with the SessionStore) sending heartbeats back to back on lesson "
        f"{lesson['id']} (a video of {lesson['duration']:.0f} s): each reports the {WINDOW_SECONDS} s of playback "
        f"up to its position, which moves on by {args.step_ms} ms per request. “api”: POST /api/progress/; "
        "“floor”: bench/floor.py (session, CSRF, JSON, one UPSERT) on the same server. Latency is wrk's "
        "distribution; server CPU is the user + system time of gunicorn's master and workers from /proc "
        "before and after each run, divided by the requests."
    )
    rows = []
    problems_seen = []
    server = site.server(shape)
    work_dir = Path(tempfile.mkdtemp(prefix="heartbeat-", dir=site.var_dir))
    names = learners.names

    def state():
        return site.django("heartbeat-state", {"lesson": lesson["id"], "users": names})["rows"]

    try:
        learners.update(state())
        if args.warmup:
            for variant in VARIANTS:
                log(f"warm-up: {variant}, {max(connection_counts)} connections, {args.warmup} s")
                run_wrk(
                    server, learners, variant, max(connection_counts), args.warmup, args.step_ms, work_dir
                )
                learners.update(state())
        for round_number in range(1, args.rounds + 1):
            order = list(VARIANTS) if round_number % 2 else list(reversed(VARIANTS))
            for connections in connection_counts:
                for variant in order:
                    log(f"round {round_number}: {variant}, {connections} connections, {args.duration} s")
                    result = run_wrk(
                        server, learners, variant, connections, args.duration, args.step_ms, work_dir
                    )
                    current = state()
                    problems = check_learners(result, current, variant)
                    learners.update(current)
                    rows.append(result_row(round_number, connections, variant, result, problems))
                    problems_seen += problems
                    failures = [
                        f"{learner['name']}: {learner['first_failure']}"
                        for learner in result["learners"]
                        if learner["first_failure"]
                    ]
                    if failures:
                        report.note(f"Round {round_number}, {variant}, {connections}: {failures[:3]}")
        final = state()
    finally:
        site.stop_servers()
        shutil.rmtree(work_dir, ignore_errors=True)

    report.table("Runs (latency as wrk measured it; CPU of the gunicorn process tree)", rows)
    report.table("Heartbeat against the floor, per round (ratio api / floor)", ratio_rows(rows))
    report.table(
        "State afterwards: progress rows of the real heartbeats per learner and lesson",
        [
            {
                "learner": name,
                "rows": row["api_rows"],
                "intervals": row["api_intervals"],
                "position s": row["api_position"],
                "covered to s": row["api_covered_to"],
                "completed": row["api_completed"],
                "enrolments": row["enrolments"],
                "floor rows": row["floor_rows"],
                "lost": sum(problem.startswith(f"{name}:") for problem in problems_seen),
            }
            for name, row in final.items()
        ],
    )
    if problems_seen:
        report.note("Lost or duplicate: " + "; ".join(problems_seen[:10]))
    report.table(
        "Targets",
        [{"target": t, "measured": m, "result": "PASS" if ok else "FAIL"} for t, m, ok in targets(report)],
    )
    return report


if __name__ == "__main__":
    main_with_site(__doc__, run, configure)
