"""The load test: 200 learners, 5 Lotsen and 2 editors for FAULTS_LOAD_SECONDS (default 300) on the production shape.

Locust runs in a process of its own (it patches the standard library with gevent). Afterwards: no request
failed, the p95 per endpoint goes to test-results/faults/load-test.md (docs/performance.md, "Load test",
quotes a run of the full five minutes), and there is exactly one progress row per (learner, lesson).
"""

import csv
import json
import os
import subprocess
import time

import pytest

from . import checks
from .conftest import RESULTS, verdict
from .harness import BASE_DIR, tools

pytestmark = pytest.mark.faults

USERS = 207  # 200 learners, 5 Lotsen, 2 editors (the classes' fixed counts in locustfile.py)


def test_load_of_200_learners_5_lotsen_2_editors(stack):
    seconds = int(os.environ.get("FAULTS_LOAD_SECONDS", "300"))
    facts = stack.root / "load-facts.json"
    facts.write_text(json.dumps(stack.facts))
    prefix = stack.root / "load"
    started = time.monotonic()
    # The suite's 10-second reconciliation re-checks every open enrolment of 200 learners each time: that
    # is the fault cases' setting, not production's, and would take the CPU from the web processes.
    with stack.production_schedule():
        result = _locust(stack, seconds, facts, prefix)
    took = time.monotonic() - started
    (stack.root / "logs" / "locust.log").write_text(result.stdout + result.stderr)
    _report(stack, seconds, took, prefix)


def _locust(stack, seconds, facts, prefix):
    return subprocess.run(
        [tools()["locust"], "-f", BASE_DIR / "tests" / "faults" / "locustfile.py", "--headless",
         "-u", str(USERS), "-r", "10", "-t", f"{seconds}s", "--stop-timeout", "30", "--host", stack.base_url,
         "--csv", prefix, "--only-summary", "--loglevel", "WARNING"],
        cwd=BASE_DIR,
        env={**os.environ, "FAULTS_FACTS": str(facts), "PYTHONPATH": str(BASE_DIR)},
        capture_output=True,
        text=True,
        timeout=seconds + 300,
    )  # fmt: skip


def _report(stack, seconds, took, prefix):
    with open(f"{prefix}_stats.csv") as file:
        rows = list(csv.DictReader(file))
    with open(f"{prefix}_failures.csv") as file:
        failures = list(csv.DictReader(file))
    table = [
        "| endpoint | requests | failures | median ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "**all requests**"
        table.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {float(row['Median Response Time']):.0f} | "
            f"{float(row['95%']):.0f} | {float(row['99%']):.0f} | {float(row['Max Response Time']):.0f} |"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = (
        f"Load test: {USERS} users for {seconds} s (wall time {took:.0f} s)\n\n" + "\n".join(table) + "\n"
    )
    if failures:
        report += "\nFailures:\n" + "\n".join(
            f"- {f['Name']}: {f['Error']} x{f['Occurrences']}" for f in failures
        )
    (RESULTS / "load-test.md").write_text(report)
    print("\n" + report, flush=True)
    total = next(row for row in rows if row["Name"] == "Aggregated")
    learner_ids = [learner["id"] for learner in stack.facts["learners"][:200]]
    duplicates = checks.duplicate_progress_rows(stack.pg.query)
    pairs = stack.pg.query(
        "SELECT count(*), count(DISTINCT (user_id, lesson_id)), count(DISTINCT user_id) "
        "FROM learning_lessonprogress WHERE user_id = ANY(%s)",
        (learner_ids,),
    )[0]
    heartbeats = next((int(r["Request Count"]) for r in rows if r["Name"].startswith("heartbeat")), 0)
    held = int(total["Failure Count"]) == 0 and not duplicates and pairs[0] == pairs[1] and pairs[2] > 0
    verdict(
        "load",
        f"{USERS} users with think time for {seconds} s: 0 errors, exactly one progress row per (learner, lesson)",
        f"{total['Request Count']} requests ({heartbeats} heartbeats), p95 of all {total['95%']} ms, "
        f"{total['Failure Count']} failed",
        f"{heartbeats} heartbeats answered",
        f"{pairs[0]} progress rows for {pairs[1]} (learner, lesson) pairs of {pairs[2]} learners, "
        f"{len(duplicates)} duplicates",
        held,
    )
