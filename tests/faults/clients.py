"""Real HTTP clients of the fault suite: a person's browser behind the TLS proxy, and the video player's queue.

The site runs as in production (Secure `__Host-` cookies, CSRF with Origin and Referer checks) behind a proxy
that terminates TLS; the clients talk plain HTTP on loopback and send what that proxy would add
(X-Forwarded-Proto: https, the public Host). `Player` does what static/js/progress.js does with a heartbeat:
keep it at the head of its queue until the site answers, wait Retry-After on 429 and 503, try again after a
network error or another 5xx, drop it only on a 4xx.
"""

import hashlib
import hmac
import re
import struct
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

import requests

from .harness import HOST

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def cookie_header(jar):
    """Every cookie of the jar, Secure ones too: the browser talks to one site only, whose TLS ends at the
    (here absent) proxy in front; requests would keep Secure cookies off plain HTTP."""
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


class ProxySession(requests.Session):
    def prepare_request(self, request):
        prepared = super().prepare_request(request)
        header = cookie_header(self.cookies)
        if header:
            prepared.headers["Cookie"] = header
        return prepared


def totp(secret_b32, at=None):
    """RFC 6238: the 6-digit code of an authenticator app (SHA-1, 30 s), as django-otp checks it."""
    import base64

    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = int((at or time.time()) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


class Browser:
    """One person's browser: cookies, the CSRF token of the last page, the proxy's headers."""

    def __init__(self, base_url, session_cookie=None, session_key=None, http=None, timeout=30, host=HOST):
        """`host=None`: no proxy in front (the embedded default), plain HTTP to `base_url` itself."""
        self.base_url = base_url
        self.timeout = timeout
        self.http = http or ProxySession()
        if host:
            self.origin = f"https://{host}"
            self.http.headers.update({"Host": host, "X-Forwarded-Proto": "https", "Origin": self.origin})
        else:
            self.origin = base_url
            self.http.headers.update({"Origin": base_url})
        self.csrf = ""
        if session_key:
            self.http.cookies.set(session_cookie, session_key, domain="127.0.0.1", path="/")

    def _headers(self, path, extra=None):
        return {"Referer": f"{self.origin}{path}", **(extra or {})}

    def get(self, path, **kwargs):
        response = self.http.get(
            self.base_url + path,
            headers=self._headers(path),
            timeout=self.timeout,
            allow_redirects=False,
            **kwargs,
        )
        match = (
            CSRF_INPUT.search(response.text)
            if "text/html" in response.headers.get("Content-Type", "")
            else None
        )
        if match:
            self.csrf = match.group(1)
        return response

    def post(self, path, data=None, json_body=None, **kwargs):
        headers = self._headers(path, {"X-CSRFToken": self.csrf})
        if json_body is not None:
            return self.http.post(
                self.base_url + path,
                json=json_body,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
                **kwargs,
            )
        data = {"csrfmiddlewaretoken": self.csrf, **(data or {})}
        return self.http.post(
            self.base_url + path,
            data=data,
            headers=headers,
            timeout=self.timeout,
            allow_redirects=False,
            **kwargs,
        )

    def sign_in(self, username, password, totp_secret=None):
        self.get("/anmelden/")
        response = self.post("/anmelden/", {"username": username, "password": password})
        if response.status_code != 302:
            raise AssertionError(f"sign-in of {username} answered {response.status_code}")
        if totp_secret:
            self.get("/anmelden/code/")
            response = self.post("/anmelden/code/", {"code": totp(totp_secret)})
            if response.status_code != 302:
                raise AssertionError(f"second factor of {username} answered {response.status_code}")
        return response


class FormParser(HTMLParser):
    """Every form of a page with the fields a browser would submit (checked boxes, selected options, ...)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # (attributes, [(name, value), ...])
        self.fields = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.fields = []
            self.forms.append((attrs, self.fields))
            return
        if self.fields is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = [name, None, None]  # name, first option, selected option
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in attrs:
                self._select[2] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if self.fields is None:
            return
        if tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, first, chosen = self._select
            if chosen is not None or first is not None:
                self.fields.append((name, chosen if chosen is not None else first))
            self._select = None
        elif tag == "form":
            self.fields = None


def form_fields(html, form_id=None, containing=None):
    """The fields of the form with `id`, or of the first form that has a field named `containing`."""
    parser = FormParser()
    parser.feed(html)
    for attrs, fields in parser.forms:
        if form_id is not None and attrs.get("id") == form_id:
            return fields
        if containing is not None and any(name == containing for name, _ in fields):
            return fields
    return []


@dataclass
class Outcome:
    """What became of one heartbeat: acknowledged (200 and its answer), rejected (4xx), or still queued."""

    body: dict
    status: int | None = None
    answer: dict | None = None
    attempts: int = 0
    waits: list = field(default_factory=list)  # seconds waited after 429/503 (Retry-After)
    errors: list = field(default_factory=list)  # statuses or exception names of failed attempts


class Player:
    """static/js/progress.js in Python: a queue of heartbeats, the head sent until the site takes it.

    `retry_after_default` is the player's 10 s for a network error or a 5xx other than 503; the suite uses
    less to keep cases short, and honours Retry-After exactly as the player does.
    """

    def __init__(self, browser, url="/api/progress/", retry_default=1.0, log=None):
        self.browser, self.url, self.retry_default = browser, url, retry_default
        self.queue = []
        self.retry_at = 0.0
        self.log = log if log is not None else []

    def push(self, lesson_id, intervals, position):
        outcome = Outcome(body={"lesson": lesson_id, "intervals": intervals, "position": position})
        self.queue.append(outcome)
        self.log.append(outcome)
        return outcome

    def ready(self):
        return bool(self.queue) and time.monotonic() >= self.retry_at

    def step(self):
        """Send the head of the queue once (if its time has come); True when it left the queue."""
        if not self.ready():
            return False
        outcome = self.queue[0]
        outcome.attempts += 1
        try:
            response = self.browser.post(self.url, json_body=outcome.body)
        except requests.RequestException as exc:
            outcome.errors.append(type(exc).__name__)
            self.retry_at = time.monotonic() + self.retry_default
            return False
        if response.status_code in (429, 503):
            outcome.errors.append(response.status_code)
            outcome.errors_detail = response
            wait = float(response.headers.get("Retry-After", "30"))
            outcome.waits.append(wait)
            self.retry_at = time.monotonic() + wait
            return False
        if response.status_code >= 500:
            outcome.errors.append(response.status_code)
            self.retry_at = time.monotonic() + self.retry_default
            return False
        self.queue.pop(0)
        outcome.status = response.status_code
        if response.ok:
            outcome.answer = response.json()
        return True

    def drain(self, deadline):
        while self.queue and time.monotonic() < deadline:
            if not self.step():
                time.sleep(0.05)
        return not self.queue


def watch(player, lesson_id, duration, step=1.0, start_at=0.0, stop=None, deadline=None):
    """Play a video at 1x from `start_at` to its end: a start heartbeat, then one heartbeat per `step` seconds
    of playing, each queued and sent as the player does. Returns when everything was sent (or `deadline`)."""
    player.push(lesson_id, [], start_at)
    position = start_at
    next_beat = time.monotonic() + step
    while position < duration and not (stop and stop.is_set()):
        player.step()
        now = time.monotonic()
        if now >= next_beat:
            end = min(duration, position + step)
            player.push(lesson_id, [[round(position, 3), round(end, 3)]], end)
            position = end
            next_beat += step
        time.sleep(0.02)
    return player.drain(deadline or time.monotonic() + 120)


def covered(stored, interval, tolerance=1e-3):
    start, end = interval
    return any(s <= start + tolerance and e >= end - tolerance for s, e in stored)
