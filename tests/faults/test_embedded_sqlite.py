"""The embedded default under 16 concurrent writers: no "database is locked" reaches a user.

SQLite lets one writer at a time; the others wait up to the busy timeout (SQLITE_BUSY_TIMEOUT, 2 s here),
and a writer that waits longer gets a 503 with Retry-After (learning.outage), which the player honours. Part
one: 16 learners write as fast as they can (heartbeats four times a second, "gelesen" marks). Part two: a
lock held longer than the timeout, first against the Python player, then against the real player
(static/js/progress.js in Debian's Chromium).
"""

import json
import os
import sqlite3
import threading
import time

import pytest

from . import checks
from .clients import Browser, Player, covered, watch
from .conftest import verdict
from .harness import EmbeddedSite, Processes, check_ports, ports

pytestmark = pytest.mark.faults

WRITERS = 16
CHROMIUM = os.environ.get("LERNHAFEN_CHROMIUM", "/usr/bin/chromium")
LOCKED = "database is locked"


@pytest.fixture(scope="module")
def embedded(workdir):
    check_ports({"sqlite-site": ports()["sqlite-site"]})
    processes = Processes(workdir / "embedded" / "logs")
    site = EmbeddedSite(workdir / "embedded", processes, ports()["sqlite-site"], learner_count=WRITERS + 1)
    try:
        site.build()
        site.start()
        yield site
    finally:
        left = processes.cleanup()
        assert not left, f"processes still running after cleanup: {left}"


def writer(site, index):
    facts = site.facts
    browser = Browser(site.base_url, facts["session_cookie"], facts["learners"][index]["session"], host=None)
    return browser, Player(browser, retry_default=0.5)


def query(site):
    def run(sql, params=()):
        sql = sql.replace("%s", "?").replace("= ANY(?)", "IN (SELECT value FROM json_each(?))")
        with sqlite3.connect(site.database, timeout=30) as conn:
            rows = conn.execute(sql, params).fetchall()
        return [tuple(json.loads(v) if isinstance(v, str) and v[:1] == "[" else v for v in r) for r in rows]

    return run


def test_sqlite_under_16_concurrent_writers(embedded):
    site = embedded
    courses = [c for c in site.facts["courses"] if any(lesson["duration"] for lesson in c["lessons"])]
    answers, players = [], []
    stop = threading.Event()

    def write(index):
        browser, player = writer(site, index)
        players.append((site.facts["learners"][index]["id"], player))
        course = courses[index % len(courses)]
        video = next(lesson for lesson in course["lessons"] if lesson["duration"])
        read = next(lesson for lesson in course["lessons"] if lesson["rule"] == "read")
        browser.get(video["url"])
        while not stop.is_set():
            response = browser.get(read["url"])
            response = browser.post(f"/lernen/lektion/{read['id']}/gelesen/")
            answers.append((response.status_code, LOCKED in response.text))
            # Playback at 4 heartbeats a second: each one a write.
            watch(
                player, video["id"], video["duration"], step=0.25, stop=stop, deadline=time.monotonic() + 60
            )

    threads = [threading.Thread(target=write, args=(i,), daemon=True) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    time.sleep(float(os.environ.get("FAULTS_SQLITE_SECONDS", "20")))
    stop.set()
    for thread in threads:
        thread.join(90)
    outcomes = [o for _, player in players for o in player.log]
    answers += [(o.status, False) for o in outcomes if o.status]
    leaked = [a for a in answers if a[1]] + [e for o in outcomes for e in o.errors if e not in (503,)]
    refusals = [o.errors_detail for o in outcomes if getattr(o, "errors_detail", None) is not None]
    honest = all(r.headers.get("Retry-After") and LOCKED not in r.text for r in refusals)
    acknowledged, unsent = checks.heartbeat_writes(outcomes)
    # Per learner: the stored intervals hold every acknowledged heartbeat of theirs.
    run = query(site)
    found = sum(
        checks.found_in(run, user_id, [o for o in player.log if o.status == 200 and o.body["intervals"]])
        for user_id, player in players
    )
    statuses = sorted({a[0] for a in answers})
    held = not leaked and honest and found == len(acknowledged) and not unsent and set(statuses) <= {200, 302}
    verdict(
        "sqlite-writers",
        f'SQLite under {WRITERS} concurrent writers: no "{LOCKED}" reaches a user',
        f"{WRITERS} learners wrote for 20 s (heartbeats 4/s and 'gelesen'); answers {statuses}, "
        f"{len(refusals)} x 503 with Retry-After, busy timeout {site.env['SQLITE_BUSY_TIMEOUT']} s",
        len(acknowledged),
        found,
        held,
    )


def hold_write_lock(site, seconds):
    """Another writer holding SQLite's write lock (BEGIN IMMEDIATE) longer than the busy timeout."""
    # The timer that ends the lock runs in another thread.
    conn = sqlite3.connect(site.database, timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(seconds, lambda: (conn.execute("ROLLBACK"), conn.close()))
    timer.start()
    return timer


def test_a_writer_held_past_the_busy_timeout_gets_503_and_the_player_resends(embedded):
    site = embedded
    course = next(c for c in site.facts["courses"] if any(lesson["duration"] for lesson in c["lessons"]))
    video = next(lesson for lesson in course["lessons"] if lesson["duration"])
    learner = site.facts["learners"][WRITERS]
    results = {}
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"the player check needs Chromium at {CHROMIUM} (LERNHAFEN_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS

    events = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_cookies(
            [{"name": site.facts["session_cookie"], "value": learner["session"], "url": site.base_url}]
        )
        page = context.new_page()

        def on_response(response):
            # Nothing but reading what the event carries: other Playwright calls do not belong in a handler.
            if response.url.endswith("/api/progress/"):
                events.append(
                    (time.monotonic(), response.status, response.headers.get("retry-after"),
                     response.request.post_data_json)
                )  # fmt: skip

        page.on("response", on_response)
        page.goto(site.base_url + video["url"])
        page.wait_for_function("() => document.querySelector('video').readyState >= 1")
        with page.expect_response(lambda r: r.url.endswith("/api/progress/")):
            page.evaluate(
                "() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }"
            )
        page.wait_for_function("() => document.querySelector('video').currentTime > 1.5")
        timer = hold_write_lock(site, 4)  # twice the busy timeout
        page.evaluate("document.querySelector('video').pause()")
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and not (events and events[-1][1] == 200 and len(events) >= 3):
            page.wait_for_timeout(200)
        timer.join()
        context.close()
        browser.close()
    print("player events:", [(round(e[0] - events[0][0], 1), e[1], e[2], e[3]) for e in events], flush=True)
    refused = [e for e in events if e[1] == 503]
    accepted = [e for e in events if e[1] == 200 and e[3]["intervals"]]
    resent = bool(refused and accepted) and accepted[-1][3] == refused[0][3]
    waited = accepted[-1][0] - refused[0][0] if resent else 0
    retry_after = float(refused[0][2]) if refused and refused[0][2] else None
    stored = query(site)(
        "SELECT intervals FROM learning_lessonprogress WHERE user_id = %s AND lesson_id = %s",
        (learner["id"], video["id"]),
    )
    in_db = (
        bool(stored) and resent and all(covered(stored[0][0], pair) for pair in accepted[-1][3]["intervals"])
    )
    results["held"] = resent and retry_after is not None and waited >= retry_after - 0.5 and in_db
    verdict(
        "sqlite-player",
        "a writer held past the busy timeout gets a 503 with Retry-After, which the player honours",
        f"write lock held 4 s against the real player (Chromium): {len(refused)} x 503 (Retry-After "
        f"{retry_after}), the same heartbeat resent after {waited:.1f} s and answered 200 "
        f"(answers in order: {[e[1] for e in events]})",
        len(accepted),
        int(in_db),
        results["held"],
    )
