"""The load test of the production shape (Locust): 200 learners, 5 Lotsen and 2 editors with think time.

Started by tests/faults/test_load.py as `locust --headless` against the fault suite's gunicorn; it reads the
site's people from the facts file of prepare.py (FAULTS_FACTS). Learners are signed in already (their
sessions were made by prepare.py); Lotsen and editors sign in through the form, editors with their second
factor. Every request is named by its endpoint, so the CSV has one row per endpoint.

A learner: catalogue, a course, its video lesson, then the video: a heartbeat when playback starts and one
every 15 s with the 15 s played (the player's rhythm), then the course's knowledge check, then a pause.
A Lotse: the dashboard, then an office-hours session logged. An editor: a course's edit page in the Wagtail
admin, then the course published with a changed summary.
"""

import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, between, task

from tests.faults.clients import form_fields, totp

HOST = "lernhafen.test"
FACTS = json.loads(open(os.environ["FAULTS_FACTS"]).read())  # noqa: SIM115
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ORDER_INPUT = re.compile(r'name="order" value="([^"]*)"')
HEARTBEAT_SECONDS = float(os.environ.get("FAULTS_HEARTBEAT_SECONDS", "15"))
VIDEO_COURSES = [c for c in FACTS["courses"] if any(lesson["duration"] for lesson in c["lessons"])]
_learners = itertools.count()
_lotsen = itertools.count()
_editors = itertools.count()


class Person(HttpUser):
    """Cookies by hand: the site's cookies are Secure (`__Host-`), its TLS ends at the proxy that is absent
    here, and requests would not send Secure cookies over plain HTTP."""

    abstract = True

    def on_start(self):
        self.cookies = {}
        self.csrf = ""

    def call(self, method, path, name, ok=(200,), **kwargs):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}{path}",
            "X-CSRFToken": self.csrf,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        with self.client.request(
            method, path, name=name, headers=headers, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            for cookie in response.cookies:
                self.cookies[cookie.name] = cookie.value
            if response.status_code not in ok:
                response.failure(f"{response.status_code} (expected {ok})")
            elif "text/html" in response.headers.get("Content-Type", ""):
                match = CSRF_INPUT.search(response.text)
                if match:
                    self.csrf = match.group(1)
        return response

    def post_form(self, path, name, data, ok=(302,)):
        return self.call("POST", path, name, ok=ok, data={"csrfmiddlewaretoken": self.csrf, **data})

    def sign_in(self, username, password, secret=None):
        self.call("GET", "/anmelden/", "sign-in page")
        self.post_form("/anmelden/", "sign-in", {"username": username, "password": password})
        if secret:
            self.call("GET", "/anmelden/code/", "second factor page")
            self.post_form("/anmelden/code/", "second factor", {"code": totp(secret)})


class Learner(Person):
    fixed_count = 200
    wait_time = between(5, 20)

    def on_start(self):
        super().on_start()
        account = FACTS["learners"][next(_learners) % len(FACTS["learners"])]
        self.cookies[FACTS["session_cookie"]] = account["session"]

    @task
    def take_a_lesson(self):
        course = random.choice(VIDEO_COURSES)
        self.call("GET", FACTS["catalog_url"], "catalogue")
        self.call("GET", course["url"], "course page")
        video = next(lesson for lesson in course["lessons"] if lesson["duration"])
        self.call("GET", video["url"], "lesson page")
        self.heartbeat(video, [], 0)
        position = 0.0
        while position < video["duration"]:
            played = min(HEARTBEAT_SECONDS, video["duration"] - position)
            time.sleep(played)
            self.heartbeat(video, [[position, position + played]], position + played)
            position += played
        check = next((lesson for lesson in course["lessons"] if lesson["answers"]), None)
        if check is not None:
            page = self.call("GET", check["url"], "knowledge check page")
            match = ORDER_INPUT.search(page.text or "")
            data = {"csrfmiddlewaretoken": self.csrf, "order": match.group(1) if match else ""}
            for question, answers in check["answers"].items():
                data[f"q-{question}"] = answers
            # 429: the course makes a learner wait after failed attempts; answering right, nobody waits.
            self.call("POST", check["url"], "knowledge check submitted", data=data)

    def heartbeat(self, lesson, intervals, position):
        body = {"lesson": lesson["id"], "intervals": intervals, "position": position}
        self.call("POST", "/api/progress/", "heartbeat (POST /api/progress/)", json=body)


class Lotse(Person):
    fixed_count = 5
    wait_time = between(20, 40)

    def on_start(self):
        super().on_start()
        account = FACTS["lotsen"][next(_lotsen) % len(FACTS["lotsen"])]
        self.sign_in(account["username"], account["password"])

    @task
    def log_office_hours(self):
        self.call("GET", "/lotsen/", "Lotsen dashboard")
        page = self.call("GET", "/lotsen/sprechstunde/", "office hours form")
        data = dict(form_fields(page.text, containing="participant_count"))
        data.update({"participant_count": "6", "minutes": "60", "outcome": "Fragen zur E-Akte geklärt."})
        data.setdefault("format", "in_person")
        self.post_form("/lotsen/sprechstunde/", "office hours logged", data)


class Editor(Person):
    fixed_count = 2
    wait_time = between(30, 60)

    def on_start(self):
        super().on_start()
        self.account = FACTS["editors"][next(_editors) % len(FACTS["editors"])]
        self.sign_in(self.account["username"], self.account["password"], self.account["totp"])

    @task
    def publish_a_course(self):
        course = random.choice(FACTS["courses"])
        path = f"/admin/pages/{course['id']}/edit/"
        page = self.call("GET", path, "admin: course edit page")
        fields = form_fields(page.text, form_id="page-edit-form")
        data = {}
        for name, value in fields:
            data.setdefault(name, []).append(value)
        data["summary"] = [f"Überarbeitet von {self.account['username']} um {time.strftime('%H:%M:%S')}."]
        data["action-publish"] = ["action-publish"]
        self.call("POST", path, "admin: course published", ok=(302,), data=data)
