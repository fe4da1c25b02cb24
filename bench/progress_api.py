"""Benchmark of POST /api/progress/: video heartbeats from 1 and 8 signed-in learners against gunicorn."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import (
    BenchError,
    Report,
    csrf_from,
    describe_shape,
    effective_shape,
    login,
    main_with_site,
    run_clients,
    shape_from,
    summary_row,
)

HEARTBEAT_SECONDS = 15  # progress.js sends one every 15 s of playback
PIECES_PER_HEARTBEAT = 10  # contiguous stretches per heartbeat, so the server really merges


def heartbeat(lesson_id, duration, beat):
    """The `beat`-th heartbeat of one learner: the next 15 s of playback, wrapping at the end (a rewatch)."""
    start = (beat * HEARTBEAT_SECONDS) % duration
    end = min(start + HEARTBEAT_SECONDS, duration)
    step = (end - start) / PIECES_PER_HEARTBEAT
    pieces = [
        [round(start + i * step, 3), round(start + (i + 1) * step, 3)] for i in range(PIECES_PER_HEARTBEAT)
    ]
    return {"lesson": lesson_id, "intervals": pieces, "position": round(end, 3)}


def browser_shaped_heartbeat(lesson_id, duration):
    """What progress.js sends after 15 s of uninterrupted playback: `timeupdate` fires about every 250 ms,
    and the script grows one stretch while playback continues, so the heartbeat carries a single pair."""
    end = min(HEARTBEAT_SECONDS, duration)
    return {"lesson": lesson_id, "intervals": [[0, end]], "position": end}


def learner(port, username, lesson_url):
    """A signed-in client with the CSRF token the lesson page hands to progress.js."""
    client = login(port, username)
    status, _headers, body, _seconds = client.request("GET", lesson_url)
    if status != 200:
        raise BenchError(f"GET {lesson_url} as {username} answered {status}")
    client.csrf = csrf_from(body)
    client.beats = 0
    return client


def post_heartbeat(client, payload):
    # fetch() in a browser sends Origin, which Django's CSRF check compares with the host.
    headers = {
        "Content-Type": "application/json",
        "X-CSRFToken": client.csrf,
        "Origin": f"http://127.0.0.1:{client.port}",
    }
    status, _headers, body, _seconds = client.request(
        "POST", "/api/progress/", body=json.dumps(payload), headers=headers
    )
    return status, body


def configure(parser):
    parser.add_argument("--requests", type=int, default=2000, help="heartbeats per case (default 2000)")
    parser.add_argument("--max-seconds", type=float, default=120, help="time limit per case (default 120)")
    parser.add_argument("--rate", type=float, default=20, help="heartbeats/s of the paced case (default 20)")
    parser.add_argument("--paced-requests", type=int, default=600, help="heartbeats of the paced case (600)")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        help="experiment: keep SQLite connections this many seconds (the settings force 0)",
    )


def run(site, args):
    targets = site.targets
    lesson = targets["lesson"]
    lesson_id, duration = lesson["id"], lesson["duration"]
    cases = [
        ("1 client (anna)", ["anna"], args.requests, None),
        ("8 clients (bench01–08)", targets["users"], args.requests, None),
        (f"8 clients paced, {args.rate:g} req/s in all", targets["users"], args.paced_requests, args.rate),
    ]
    everyone = ["anna", *targets["users"]]
    site.django("reset-progress", {"users": everyone, "lesson": lesson_id})
    extra = {"BENCH_CONN_MAX_AGE": args.conn_max_age} if args.conn_max_age is not None else {}
    server = site.server(shape_from(args), **extra)
    report = Report("Progress API: POST /api/progress/")
    report.note(
        f"Lesson {lesson_id} “{lesson['title']}” ({duration:.0f} s video), {describe_shape(effective_shape(shape_from(args)))}. "
        f"Each client sends its heartbeats back to back (closed loop), each the next {HEARTBEAT_SECONDS} s of "
        f"playback in {PIECES_PER_HEARTBEAT} contiguous pieces, wrapping at the end of the video. The paced case "
        f"sends {args.rate:g} heartbeats/s in all on a fixed schedule: what about {args.rate * HEARTBEAT_SECONDS:.0f} "
        "people watching at the same time send (one heartbeat per 15 s each)."
    )
    if args.conn_max_age is not None:
        report.note(
            f"Experiment: CONN_MAX_AGE={args.conn_max_age} (persistent SQLite connections), not the default."
        )
    rows = []
    try:
        for label, users, total, rate in cases:
            clients = [learner(server.port, user, lesson["url"]) for user in users]

            def one(client, _index):
                status, body = post_heartbeat(client, heartbeat(lesson_id, duration, client.beats))
                client.beats += 1
                if status != 200:
                    raise BenchError(f"{status}: {body[:200]!r}")
                return status, len(body)

            recorder, wall = run_clients(clients, total, one, max_seconds=args.max_seconds, rate=rate)
            rows.append(summary_row(label, recorder, wall))
            if recorder.failures:
                report.note(f"{label}: first failures: {recorder.failures[:3]}")
        report.table("Heartbeats (latency per request as the client sees it)", rows)

        state = site.django(
            "progress-state", {"users": everyone, "lesson": lesson_id, "course": targets["course"]["id"]}
        )["rows"]
        healthy = all(row["rows"] == 1 and row["enrolments"] == 1 for row in state)
        report.table(
            "State afterwards: LessonProgress rows per learner and lesson "
            f"({'one each, as required' if healthy else 'NOT one each'})",
            state,
        )

        probe = learner(server.port, "anna", lesson["url"])
        shaped = browser_shaped_heartbeat(lesson_id, duration)
        status, body = post_heartbeat(probe, shaped)
        report.note(
            f"Browser-shaped heartbeat ({len(shaped['intervals'])} stretch for 15 s of playback, as progress.js "
            f"sends it): HTTP {status} {body[:160].decode('utf-8', 'replace')}"
        )

        counted = site.django(
            "queries",
            {
                "requests": [
                    {
                        "label": "heartbeat (anna, warm)",
                        "user": "anna",
                        "method": "POST",
                        "path": "/api/progress/",
                        "body": heartbeat(lesson_id, duration, 1),
                        "sql": True,
                    }
                ]
            },
        )["results"][0]
        report.note(
            f"SQL queries per heartbeat (in-process, Django test client, second request): {counted['queries']} "
            f"(status {counted['status']})."
        )
        report.note("\n".join(f"{n}. `{sql}`" for n, sql in enumerate(counted["sql"], 1)))
    finally:
        site.stop_servers()
    return report


if __name__ == "__main__":
    main_with_site(__doc__, run, configure)
