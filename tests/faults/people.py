"""Signed-in learners of the seeded site, as the fault cases and the load test drive them over HTTP."""

import re
import threading
import time

from .clients import Browser, Player, watch

ORDER_INPUT = re.compile(r'name="order" value="([^"]*)"')


class Learner:
    def __init__(self, stack, index):
        facts = stack.facts
        self.account = facts["learners"][index]
        self.id = self.account["id"]
        self.browser = Browser(stack.base_url, facts["session_cookie"], self.account["session"])
        self.player = Player(self.browser)

    def open(self, path):
        response = self.browser.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    def mark_read(self, lesson):
        self.open(lesson["url"])
        response = self.browser.post(f"/lernen/lektion/{lesson['id']}/gelesen/")
        assert response.status_code == 302, response.status_code
        return response

    def pass_check(self, lesson):
        page = self.open(lesson["url"])
        data = {"order": ORDER_INPUT.search(page.text).group(1)}
        for question, answers in lesson["answers"].items():
            data[f"q-{question}"] = answers
        response = self.browser.post(lesson["url"], data)
        assert response.status_code == 200, response.status_code
        assert "Bestanden!" in response.text, "the answer key did not pass the check"
        return response

    def watch(self, lesson, step=1.0, stop=None, deadline=None):
        self.open(lesson["url"])  # the player lives on the lesson page, which carries the CSRF token
        return watch(self.player, lesson["id"], lesson["duration"], step=step, stop=stop, deadline=deadline)


def course(stack, slug):
    return next(c for c in stack.facts["courses"] if c["slug"] == slug)


def lesson_of(course, rule):
    return next(lesson for lesson in course["lessons"] if lesson["rule"] == rule)


def all_but_video(learner, course):
    """Complete every lesson of the course except its video lesson (whose completion then completes it)."""
    for lesson in course["lessons"]:
        if lesson["rule"] == "read":
            learner.mark_read(lesson)
        elif lesson["rule"] == "quiz":
            learner.pass_check(lesson)


def in_threads(function, items):
    """Run `function(item)` for every item at the same time; re-raise the first failure."""
    failures = []

    def run(item):
        try:
            function(item)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller below
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(item,), daemon=True) for item in items]
    for thread in threads:
        thread.start()
    return threads, failures


def join(threads, failures, timeout=300):
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.1, deadline - time.monotonic()))
    if failures:
        raise failures[0]
    assert not any(thread.is_alive() for thread in threads), "a client thread did not finish in time"
