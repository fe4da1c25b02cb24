"""Benchmark of the staff pages a signed-in learner opens: Mein Lernen, catalogue search, course and lesson."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import (
    BenchError,
    Report,
    describe_shape,
    effective_shape,
    login,
    main_with_site,
    run_clients,
    shape_from,
    summary_row,
)

CONCURRENT_CLIENTS = 4


def pages(targets):
    return [
        ("Mein Lernen", "/lernen/"),
        ("catalogue ?q=Datenschutz", targets["catalog_url"] + "?q=Datenschutz"),
        ("course page", targets["course"]["url"]),
        ("lesson page (video)", targets["lesson"]["url"]),
    ]


def get_ok(client, path):
    status, _headers, body, _seconds = client.request("GET", path)
    if status != 200:
        raise BenchError(f"GET {path} answered {status}")
    return status, len(body)


def configure(parser):
    parser.add_argument("--requests", type=int, default=100, help="requests per page (default 100)")
    parser.add_argument("--max-seconds", type=float, default=60, help="time limit per case (default 60)")


def run(site, args):
    targets = site.targets
    report = Report("Staff pages (signed in)")
    report.note(
        f"{describe_shape(effective_shape(shape_from(args)))}; signed in through the sign-in form as anna (one client per page), "
        f"then {CONCURRENT_CLIENTS} learners (anna, bench01–03) in parallel over all four pages."
    )
    rows = []
    try:
        server = site.server(shape_from(args))
        anna = login(server.port, "anna")
        for label, path in pages(targets):
            _status, size = get_ok(anna, path)  # the first request of a worker fills its own caches

            def one(client, _index, path=path):
                return get_ok(client, path)

            recorder, wall = run_clients([anna], args.requests, one, max_seconds=args.max_seconds)
            row = summary_row(label, recorder, wall)
            row["bytes"] = size
            rows.append(row)
        paths = [path for _label, path in pages(targets)]
        clients = [anna] + [login(server.port, user) for user in targets["users"][: CONCURRENT_CLIENTS - 1]]

        def mixed(client, index):
            return get_ok(client, paths[index % len(paths)])

        recorder, wall = run_clients(clients, args.requests * 2, mixed, max_seconds=args.max_seconds)
        row = summary_row(f"all 4 pages, {CONCURRENT_CLIENTS} clients", recorder, wall)
        row["bytes"] = None
        rows.append(row)
    finally:
        site.stop_servers()
    report.table("Latency per request as the client sees it", rows)
    counted = site.django(
        "queries",
        {"requests": [{"label": label, "path": path, "user": "anna"} for label, path in pages(targets)]},
    )["results"]
    report.table(
        "SQL queries per request (in-process, Django test client, anna, second request)",
        [{"page": r["label"], "status": r["status"], "queries": r["queries"]} for r in counted],
    )
    return report


if __name__ == "__main__":
    main_with_site(__doc__, run, configure)
