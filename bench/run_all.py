"""Runs every benchmark on one seeded throw-away site and prints a Markdown summary with targets and results."""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import heartbeat, progress_api, public_pages, scale, staff_pages, video_range
from bench._harness import (
    SHAPE_VARIABLES,
    Site,
    common_arguments,
    describe_shape,
    effective_shape,
    services_from,
    shape_from,
)

BENCHMARKS = [progress_api, public_pages, staff_pages, video_range, heartbeat]
# --quick: a smoke run that checks the benchmarks work, not a measurement.
QUICK = {"requests": 50, "paced_requests": 40, "rounds": 1, "duration": 3, "warmup": 1}


def module_arguments(module, args):
    parser = argparse.ArgumentParser()
    parser.add_argument("--markdown")
    module.configure(parser)
    namespace = parser.parse_args([])
    for name in SHAPE_VARIABLES:
        setattr(namespace, name, getattr(args, name))
    if args.quick:
        for name, value in QUICK.items():
            if hasattr(namespace, name):
                setattr(namespace, name, value)
    return namespace


def _max(rows, column):
    return max(row[column] for row in rows)


def targets(reports):
    """(target, measured, passed) for the proposed targets, from the measured tables."""
    progress, public, staff, video, beats = (reports[m.__name__] for m in BENCHMARKS)
    closed = progress.row("8 clients (bench01–08)")
    paced = next(row for row in progress.rows("Heartbeats") if row["case"].startswith("8 clients paced"))
    state = progress.rows("State afterwards")
    heartbeat_errors = sum(row["errors"] for row in progress.rows("Heartbeats"))
    cached = [row for row in public.rows("Latency") if row["case"].endswith("(cached)")]
    cached_single = [row for row in cached if row["connections"] == 1]
    cached_many = [row for row in cached if row["connections"] == 16]
    hits = public.rows("SQL queries")
    staff_single = [row for row in staff.rows("Latency") if "clients" not in row["case"]]
    staff_multi = staff.row("all 4 pages, 4 clients")
    growth = _max(video.rows("Memory"), "max growth MiB")
    whole = next(row for row in video.rows("Throughput") if row["case"].startswith("large, whole file"))
    ranged = video.row("large, 1 client")
    return [
        ("Heartbeat p95 < 50 ms, 8 clients back to back", f"{closed['p95 ms']} ms", closed["p95 ms"] < 50),
        (f"Heartbeat p95 < 50 ms, {paced['case']}", f"{paced['p95 ms']} ms", paced["p95 ms"] < 50),
        (
            "Heartbeat capacity ≥ 20 req/s (≈ 300 people watching)",
            f"{closed['req/s']} req/s",
            closed["req/s"] >= 20,
        ),
        (
            "Heartbeats: no errors, one LessonProgress row per learner and lesson",
            f"{heartbeat_errors} errors, rows {sorted({row['rows'] for row in state})}",
            heartbeat_errors == 0 and all(row["rows"] == 1 for row in state),
        ),
        (
            "Cached public page: 0 SQL queries",
            f"{_max(hits, 'queries cache hit')} at most",
            _max(hits, "queries cache hit") == 0,
        ),
        (
            "Cached public page p95 < 10 ms, 1 connection (wrk)",
            f"{_max(cached_single, 'p95 ms')} ms (slowest page)",
            _max(cached_single, "p95 ms") < 10,
        ),
        (
            "Cached public pages: no errors at 16 connections (wrk)",
            f"{sum(row['non-2xx + errors'] for row in cached_many)} non-2xx or socket errors",
            all(row["non-2xx + errors"] == 0 for row in cached_many),
        ),
        (
            "Staff page p95 < 200 ms, 1 client",
            f"{_max(staff_single, 'p95 ms')} ms (slowest page)",
            _max(staff_single, "p95 ms") < 200,
        ),
        ("Staff page p95 < 500 ms, 4 clients", f"{staff_multi['p95 ms']} ms", staff_multi["p95 ms"] < 500),
        ("Video: worker peak RSS grows < 16 MiB while sending 128 MiB", f"{growth} MiB", growth < 16),
        ("Video: 256 KiB range p95 < 50 ms, 1 client", f"{ranged['p95 ms']} ms", ranged["p95 ms"] < 50),
        ("Video: whole file ≥ 100 MB/s", f"{whole['MB/s']} MB/s", whole["MB/s"] >= 100),
        *heartbeat.targets(beats),
    ]


def run_scale(args):
    """The scale suite on PostgreSQL (bench/scale.py): only when DATABASE_URL names a database for it."""
    scale_args = scale.parse_defaults()
    scale_args.quick, scale_args.workers = args.quick, args.workers
    report, scale_targets = scale.run_suite(scale_args)
    print(report.text(), "\n", flush=True)
    return "\n".join(["## Scale summary", "", scale.markdown_targets(scale_targets), "", report.markdown()])


def main():
    parser = common_arguments(__doc__)
    parser.add_argument("--quick", action="store_true", help="few requests: check that everything runs")
    args = parser.parse_args()
    started = time.monotonic()
    reports = {}
    with Site(args.var_dir, services_from(args)) as site:
        seeded = site.targets.get("seed_seconds")
        for module in BENCHMARKS:
            report = module.run(site, module_arguments(module, args)).finish()
            print(report.text(), "\n", flush=True)
            reports[module.__name__] = report
    lines = [
        "## Benchmark summary",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')}, `bench/run_all.py{' --quick' if args.quick else ''}`, "
        f"{describe_shape(effective_shape(shape_from(args)))}, {'PostgreSQL' if args.database_url else 'SQLite'}; "
        + (f"migrating and seeding took {seeded} s, " if seeded else "reused var dir, ")
        + f"all of it {time.monotonic() - started:.0f} s.",
        "",
        "| target | measured | result |",
        "|---|---|---|",
    ]
    lines += [
        f"| {name} | {measured} | {'PASS' if ok else 'FAIL'} |" for name, measured, ok in targets(reports)
    ]
    lines.append("")
    markdown = "\n".join(lines) + "\n" + "\n".join(report.markdown() for report in reports.values())
    if os.environ.get("DATABASE_URL"):
        markdown += "\n" + run_scale(args)
    print(markdown)
    if args.markdown:
        Path(args.markdown).write_text(markdown, encoding="utf-8")


if __name__ == "__main__":
    main()
