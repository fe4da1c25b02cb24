"""Benchmark of the public pages for anonymous visitors: rendered afresh (cache off) and from the page cache."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import (
    BenchError,
    Client,
    Report,
    describe_shape,
    effective_shape,
    main_with_site,
    run_clients,
    shape_from,
    summary_row,
)

CONCURRENT_CLIENTS = 4


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


def measure(server, mode, targets, args):
    """Per-page latency with one client, then throughput with several clients over all pages."""
    rows = []
    sizes = {}
    for label, path in pages(targets):
        client = Client(server.port)
        status, headers, body, first = client.request("GET", path)
        check_public(status, headers, body, path)
        sizes[label] = len(body)

        def one(client, _index, path=path):
            status, headers, body, _seconds = client.request("GET", path)
            check_public(status, headers, body, path)
            return status, len(body)

        recorder, wall = run_clients([client], args.requests, one, max_seconds=args.max_seconds)
        row = summary_row(f"{label} ({mode})", recorder, wall)
        row["first ms"] = round(first * 1000, 1)
        row["bytes"] = sizes[label]
        rows.append(row)
    paths = [path for _label, path in pages(targets)]
    clients = [Client(server.port) for _ in range(CONCURRENT_CLIENTS)]

    def mixed(client, index):
        path = paths[index % len(paths)]
        status, headers, body, _seconds = client.request("GET", path)
        check_public(status, headers, body, path)
        return status, len(body)

    recorder, wall = run_clients(clients, args.requests * 2, mixed, max_seconds=args.max_seconds)
    row = summary_row(f"all 4 pages, {CONCURRENT_CLIENTS} clients ({mode})", recorder, wall)
    row["first ms"] = None
    row["bytes"] = None
    rows.append(row)
    return rows


def configure(parser):
    parser.add_argument("--requests", type=int, default=200, help="requests per page and case (default 200)")
    parser.add_argument("--max-seconds", type=float, default=60, help="time limit per case (default 60)")


def run(site, args):
    targets = site.targets
    report = Report("Public pages for anonymous visitors")
    report.note(
        f"{describe_shape(effective_shape(shape_from(args)))}; every request without cookies, as a first-time visitor. "
        "“uncached”: PUBLIC_PAGE_CACHE_SECONDS=0, every request renders the page. “cached”: the default "
        "(600 s, file-based `pages` cache in the var dir); “first ms” there is the miss that renders and stores."
    )
    rows = []
    try:
        rows += measure(site.server(shape_from(args), PUBLIC_PAGE_CACHE_SECONDS=0), "uncached", targets, args)
        site.stop_servers()
        # A new cache generation, so the cached run starts from an empty cache and its first request is a miss.
        site.django("purge-page-cache")
        rows += measure(site.server(shape_from(args)), "cached", targets, args)
    finally:
        site.stop_servers()
    report.table("Latency per request as the client sees it", rows)

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
    return report


if __name__ == "__main__":
    main_with_site(__doc__, run, configure)
