"""Benchmark of the public pages for anonymous visitors: rendered afresh (cache off) and from the page cache.

wrk drives each page at 1 and 16 connections on two servers of the same shape, one with the page cache off
(`PUBLIC_PAGE_CACHE_SECONDS=0`, every request renders) and one with it on, in alternating order per round.
Then, in-process: the SQL per request (0 on a cache hit) and where a request's time goes (Django's WSGI
handler without an HTTP server, split by cProfile into SQL, the cache, templates, Wagtail, request handling).
"""

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import (
    BenchError,
    Client,
    Report,
    describe_shape,
    effective_shape,
    log,
    main_with_site,
    shape_from,
)
from bench.heartbeat import result_row
from bench.server_shape import run_page

CONNECTIONS = (1, 16)
MODES = {"uncached": {"PUBLIC_PAGE_CACHE_SECONDS": 0}, "cached": {}}


def pages(targets):
    explainer = targets["explainer"]
    return [
        ("home", "/"),
        ("Erklärt", "/erklaert/"),
        ("explainer de", explainer["de"]),
        ("explainer ar", explainer["ar"]),
    ]


def check_public(status, headers, body, path):
    """A public page must be a 200 with a policy and without cookies; anything else would skew the numbers."""
    if status != 200:
        raise BenchError(f"GET {path} answered {status}")
    if headers.get_all("Set-Cookie"):
        raise BenchError(f"GET {path} set a cookie: {headers.get_all('Set-Cookie')}")
    if not headers.get("Content-Security-Policy"):
        raise BenchError(f"GET {path} has no Content-Security-Policy")


def configure(parser):
    parser.add_argument("--rounds", type=int, default=2, help="rounds over both modes (default 2)")
    parser.add_argument(
        "--duration", type=int, default=8, help="seconds per page and connection count (default 8)"
    )
    parser.add_argument(
        "--requests",
        type=int,
        default=300,
        help="in-process requests per page for the time split (default 300)",
    )


def measure(server, mode, targets, args, round_number, work_dir):
    rows = []
    for label, path in pages(targets):
        client = Client(server.port)
        # The first request checks the answer and, with the cache on, is the miss that stores the page.
        status, headers, body, _seconds = client.request("GET", path)
        check_public(status, headers, body, path)
        client.close()
        for connections in CONNECTIONS:
            result = run_page(server, path, connections, args.duration, work_dir)
            row = result_row(round_number, connections, mode, result, [])
            del row["variant"], row["lost or duplicate"]
            rows.append({"case": f"{label} ({mode})", **row, "bytes": len(body)})
    return rows


def medians(rows):
    out = []
    for case in dict.fromkeys(row["case"] for row in rows):
        for connections in CONNECTIONS:
            runs = [row for row in rows if row["case"] == case and row["connections"] == connections]
            out.append(
                {
                    "case": case,
                    "connections": connections,
                    **{
                        column: round(statistics.median(row[column] for row in runs), 2)
                        for column in ("req/s", "p50 ms", "p95 ms", "p99 ms", "server CPU ms/req")
                    },
                    "non-2xx + errors": sum(row["non-2xx"] + row["socket errors"] for row in runs),
                }
            )
    return out


def run(site, args):
    targets = site.targets
    shape = shape_from(args)
    report = Report("Public pages for anonymous visitors")
    report.note(
        f"{describe_shape(effective_shape(shape))}; wrk without cookies (a first-time visitor), {args.rounds} "
        f"rounds, {args.duration} s per page and connection count, the two servers in alternating order. "
        "“uncached”: PUBLIC_PAGE_CACHE_SECONDS=0, every request renders the page. “cached”: the default "
        "(600 s; the `pages` cache as files in the embedded default, Redis in production). Server CPU is the "
        "gunicorn process tree's, as in bench/heartbeat.py."
    )
    work_dir = Path(tempfile.mkdtemp(prefix="public-", dir=site.var_dir))
    raw = []
    try:
        for round_number in range(1, args.rounds + 1):
            order = list(MODES) if round_number % 2 else list(reversed(MODES))
            for mode in order:
                log(f"round {round_number}: public pages, {mode}")
                if mode == "cached":
                    # A new cache generation: the first request of each page is a miss, the rest are hits.
                    site.django("purge-page-cache")
                server = site.server(shape, **MODES[mode])
                try:
                    raw += measure(server, mode, targets, args, round_number, work_dir)
                finally:
                    site.stop_servers()
    finally:
        site.stop_servers()
    report.table("Latency with wrk, medians over the rounds", medians(raw))
    report.table("Every run", raw)

    requests = [{"label": label, "path": path} for label, path in pages(targets)]
    uncached = site.django("queries", {"requests": requests}, env={"PUBLIC_PAGE_CACHE_SECONDS": 0})["results"]
    site.django("purge-page-cache")
    cached = site.django("queries", {"requests": requests})["results"]
    report.table(
        "SQL queries per request (in-process, Django test client, anonymous)",
        [
            {
                "page": a["label"],
                "status": a["status"],
                "bytes": a["bytes"],
                "queries uncached": a["queries"],
                "queries cache miss": b["queries_first"],
                "queries cache hit": b["queries"],
            }
            for a, b in zip(uncached, cached, strict=True)
        ],
    )

    split = []
    for mode, env in MODES.items():
        site.django("purge-page-cache")
        timed = site.django(
            "time-requests", {"requests": requests, "count": args.requests}, env=env, timeout=900
        )
        for result in timed["results"]:
            split.append(
                {"case": f"{result['label']} ({mode})", "in-process ms/req": result["ms_per_request"]}
            )
            split[-1].update({f"{label} %": share for label, share in result["shares"].items()})
    report.table(
        "Where the time goes (in-process, Django's WSGI handler; shares of cProfile's own time)", split
    )
    report.note(
        "In-process time leaves out gunicorn (accepting the connection, parsing HTTP, writing the answer): "
        "compare it with the server CPU per request measured with wrk above."
    )
    return report


if __name__ == "__main__":
    main_with_site(__doc__, run, configure)
