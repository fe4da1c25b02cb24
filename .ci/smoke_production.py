"""The checks of .ci/smoke-production against a running production install (gunicorn, worker, beat).

Talks HTTP to gunicorn as the reverse proxy would (X-Forwarded-Proto: https), as a browser would (cookies,
CSRF tokens from the forms; the admin's page editor is filled in as its JavaScript would post it), and runs
`manage.py shell` only where HR's hand is outside this test's reach (giving one imported colleague a password)
and to look at what the worker stored. Exit status 0 = all good.
Usage: smoke_production.py BASE_URL  (environment: SMOKE_ADMIN, SMOKE_PASSWORD, HEALTHZ_TOKEN, SMOKE_WORK)
"""

import base64
import hashlib
import hmac
import html
import json
import os
import re
import struct
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import requests

BASE = sys.argv[1].rstrip("/")
ORIGIN = "https://" + BASE.split("://", 1)[1]
ADMIN, PASSWORD = os.environ["SMOKE_ADMIN"], os.environ["SMOKE_PASSWORD"]
WORK = Path(os.environ["SMOKE_WORK"])
PYTHON = os.environ.get("SMOKE_PYTHON", ".venv/bin/python")


def step(text):
    print(f"smoke: {text}", flush=True)


def fail(text):
    print(f"smoke: FAILED: {text}", flush=True)
    sys.exit(1)


class Browser:
    """Keeps cookies by hand: production's are Secure and __Host-, and the proxy's TLS is only simulated
    here (X-Forwarded-Proto), so a standard cookie jar would never send them back over HTTP."""

    def __init__(self):
        self.session = requests.Session()
        self.session.headers.update({"X-Forwarded-Proto": "https", "Accept-Language": "de"})
        self.cookies = {}

    def _send(self, method, path, **kwargs):
        headers = kwargs.pop("headers", {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = self.session.request(
            method, BASE + path, headers=headers, allow_redirects=False, timeout=120, **kwargs
        )
        for line in response.raw.headers.getlist("Set-Cookie"):
            name, _, rest = line.partition("=")
            value = rest.split(";", 1)[0]
            if "expires=thu, 01 jan 1970" in line.lower() or "max-age=0" in line.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response

    def get(self, path, **kwargs):
        return self._send("GET", path, **kwargs)

    def post(self, path, data=None, files=None, form_from=None):
        token = csrf_token(form_from.text) if form_from is not None else self.csrf_from_cookie()
        return self._send(
            "POST",
            path,
            data={"csrfmiddlewaretoken": token, **(data or {})},
            files=files,
            headers={"Origin": ORIGIN, "Referer": ORIGIN + path},
        )

    def csrf_from_cookie(self):
        return next((value for name, value in self.cookies.items() if name.endswith("csrftoken")), "")

    def sign_in(self, username, password):
        page = self.get("/anmelden/")
        expect(page, 200, "sign-in page")
        return self.post("/anmelden/", {"username": username, "password": password}, form_from=page)


def csrf_token(text):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
    if not match:
        fail("no CSRF token in the form")
    return match.group(1)


def expect(response, status, what):
    if response.status_code != status:
        fail(f"{what}: HTTP {response.status_code}, expected {status}\n{response.text[:2000]}")
    return response


def totp(secret, at=None):
    """RFC 6238 with the defaults of django-otp's TOTP devices (SHA-1, 30 s, 6 digits)."""
    key = base64.b32decode(secret.replace(" ", "").upper())
    counter = int((at or time.time()) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def shell(code):
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", code],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        fail(f"manage.py shell: {result.stderr[-3000:]}")
    return result.stdout.strip()


def check_health():
    deadline = time.monotonic() + 90
    while True:
        response = requests.get(
            BASE + "/healthz",
            headers={"X-Health-Token": os.environ["HEALTHZ_TOKEN"], "X-Forwarded-Proto": "https"},
            timeout=30,
        )
        if response.status_code == 200:
            step(f"/healthz 200 {response.text}")
            return
        if time.monotonic() > deadline:
            fail(f"/healthz answers {response.status_code}: {response.text}")
        time.sleep(2)


def check_public_pages():
    visitor = Browser()
    home = expect(visitor.get("/"), 200, "home page")
    if "Jobcenter Musterkreis" not in home.text or "Welcome to your new Wagtail site" in home.text:
        fail("/ does not show the job centre's home page")
    step("/ shows the home page „Jobcenter Musterkreis“")
    portal = expect(visitor.get("/lernen/"), 302, "/lernen/ without sign-in")
    if not portal.headers["Location"].startswith("/anmelden/"):
        fail(f"/lernen/ sends to {portal.headers['Location']}, not to the sign-in page")
    step(f"/lernen/ sends to {portal.headers['Location']}")
    expect(visitor.get("/erklaert/"), 200, "explainer index")
    expect(visitor.get("/barrierefreiheit/"), 200, "accessibility statement")


def admin_signs_in():
    admin = Browser()
    response = admin.sign_in(ADMIN, PASSWORD)
    expect(response, 302, "admin sign-in")
    # A superuser without a device is sent to set up the second factor first (learning.mfa).
    target = response.headers["Location"]
    setup = admin.get("/lernen/konto/zwei-faktor/")
    expect(setup, 200, f"second factor set-up (after sign-in: {target})")
    match = re.search(r"<code data-totp-secret>([A-Z2-7 ]+)</code>", setup.text)
    if not match:
        fail("no TOTP secret on the set-up page")
    confirmed = admin.post(
        "/lernen/konto/zwei-faktor/", {"action": "confirm", "code": totp(match.group(1))}, form_from=setup
    )
    expect(confirmed, 200, "confirming the second factor")
    if "Die Zwei-Faktor-Anmeldung ist eingerichtet." not in html.unescape(confirmed.text):
        fail("the second factor was not accepted")
    dashboard = expect(admin.get("/admin/"), 200, "admin dashboard")
    if "wagtail" not in dashboard.text.lower():
        fail("/admin/ is not the Wagtail admin")
    step("the admin signed in with password and TOTP and sees /admin/")
    return admin


def staff_files(units=40, people=1000):
    unit_lines = ["Kennung;Name;Übergeordnete Kennung;Kurzbezeichnung"]
    areas = 8
    for area in range(1, areas + 1):
        unit_lines.append(f"B{area};Bereich {area};;B{area}")
    teams = [f"T{n}" for n in range(1, units - areas + 1)]
    for number, code in enumerate(teams):
        unit_lines.append(f"{code};Team {number + 1};B{number % areas + 1};{code}")
    staff_lines = [
        "Personalnummer;Benutzername;Vorname;Nachname;E-Mail;Organisationseinheit;BASS-Jahrgang;Eintrittsdatum;Aktiv"
    ]
    for n in range(1, people + 1):
        cohort = "2025" if n % 50 == 0 else ""
        staff_lines.append(
            f"{100000 + n};person{n};Vorname{n};Müller-Lüdenscheidt{n};person{n}@jobcenter.example;"
            f"{teams[n % len(teams)]};{cohort};{(n % 28) + 1:02d}.04.2020;ja"
        )
    # German Excel's "CSV UTF-8": BOM, semicolons, CRLF.
    encode = lambda lines: ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()  # noqa: E731
    return encode(unit_lines), encode(staff_lines)


def admin_imports_staff(admin):
    form = expect(admin.get("/admin/organisation/import/"), 200, "import form")
    units, staff = staff_files()
    started = time.monotonic()
    preview = admin.post(
        "/admin/organisation/import/",
        {},
        files={
            "units_file": ("einheiten.csv", units, "text/csv"),
            "staff_file": ("beschaeftigte.csv", staff, "text/csv"),
        },
        form_from=form,
    )
    expect(preview, 200, "import preview")
    text = html.unescape(preview.text)
    if "Beschäftigte: 1000 neu" not in text or "Organisationseinheiten: 40 neu" not in text:
        fail(f"preview does not announce 40 units and 1000 people:\n{text[:3000]}")
    payload = re.search(r'name="payload" value="([^"]+)"', preview.text).group(1)
    done = admin.post("/admin/organisation/import/", {"payload": payload}, form_from=preview)
    expect(done, 200, "import")
    if "Die Stammdaten sind importiert." not in html.unescape(done.text):
        fail("the import did not report success")
    counts = shell(
        "from learning.models import OrgUnit, StaffProfile; "
        "print(OrgUnit.objects.count(), StaffProfile.objects.filter(personnel_number__gt='').count())"
    )
    if counts != "40 1000":
        fail(f"after the import: {counts} (units, profiles), expected 40 1000")
    step(
        f"CSV import of 1000 staff in 40 org units through the admin form: {time.monotonic() - started:.1f} s"
    )


class FormFields(HTMLParser):
    """What a browser would submit from one <form> (by id): inputs with their values, checked boxes, the
    selected options and textareas. Buttons and files are left out; the caller adds what it fills in."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append([name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")])
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "first": None, "chosen": []}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"] and self.select["first"] is not None:
                chosen = [self.select["first"]]  # a browser sends the first option of a plain select
            self.fields += [[self.select["name"], value] for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append(self.textarea)
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def form_fields(text, form_id):
    parser = FormFields(form_id)
    parser.feed(text)
    if not parser.fields:
        fail(f"no form #{form_id} on the page")
    return parser.fields


def rich_text(paragraph):
    """A Draftail value (contentstate JSON), as the editor's JavaScript posts it."""
    block = {
        "key": "smoke",
        "type": "unstyled",
        "depth": 0,
        "text": paragraph,
        "inlineStyleRanges": [],
        "entityRanges": [],
        "data": {},
    }
    return json.dumps({"blocks": [block], "entityMap": {}})


def admin_page_id(admin, page_type, slug=None, below="root", depth=4):
    """A page's id, found the way the page explorer finds it: the admin's own API, level by level."""
    found, level = [], [below]
    for _ in range(depth):
        children = []
        for parent in level:
            offset = 0
            while True:
                listing = admin.get(f"/admin/api/main/pages/?child_of={parent}&limit=20&offset={offset}")
                items = expect(listing, 200, "admin API: pages").json()["items"]
                children += items
                offset += len(items)
                if len(items) < 20:
                    break
        found += [
            page
            for page in children
            if page["meta"]["type"].lower() == page_type.lower()
            and (slug is None or page["meta"]["slug"] == slug)
        ]
        level = [page["id"] for page in children]
    if len(found) != 1:
        fail(f"admin API: {len(found)} pages of type {page_type} (slug {slug}), expected 1")
    return found[0]["id"]


def admin_publishes_page(admin, model, parent_id, fields):
    """The Wagtail add-page form, as an editor fills it in: GET it, keep everything it brings (CSRF token,
    formset management forms, defaults), fill in `fields`, publish. Returns the new page's id."""
    url = f"/admin/pages/add/{model}/{parent_id}/"
    form = expect(admin.get(url), 200, f"add-page form {model}")
    data = [[name, value] for name, value in form_fields(form.text, "page-edit-form") if name not in fields]
    data += [[name, value] for name, value in fields.items()]
    data.append(["action-publish", "action-publish"])
    published = admin._send("POST", url, data=data, headers={"Origin": ORIGIN, "Referer": ORIGIN + url})
    if published.status_code != 302:
        errors = re.findall(r'class="[^"]*error-message[^"]*"[^>]*>(.*?)</', published.text, re.S)
        fail(
            f"publishing {model}: HTTP {published.status_code}, errors: {[html.unescape(e) for e in errors]}"
        )
    page_id = admin_page_id(admin, model.replace("/", "."), slug=fields["slug"], below=parent_id, depth=1)
    live = expect(admin.get(f"/admin/api/main/pages/{page_id}/"), 200, "admin API: new page").json()
    if not live["meta"]["status"]["live"]:
        fail(f"{model} „{fields['title']}“ was saved, but is not live")
    return page_id


def admin_publishes_first_course(admin):
    """README: the first course is made in the admin, under Mein Lernen → Kurse, with one lesson."""
    started = time.monotonic()
    catalog_id = admin_page_id(admin, "courses.CatalogPage")
    programme_id = admin_page_id(admin, "courses.ProgrammePage", slug="pflichtschulungen")
    course_id = admin_publishes_page(
        admin,
        "courses/coursepage",
        catalog_id,
        {
            "title": "Datenschutz im Jobcenter",
            "slug": "datenschutz",
            "summary": "Die jährliche Unterweisung.",
            "programme": str(programme_id),
            "estimated_minutes": "10",
            "certificate_enabled": "on",
            "certificate_validity_months": "12",
        },
    )
    lesson_id = admin_publishes_page(
        admin,
        "courses/lessonpage",
        course_id,
        {
            "title": "Sozialgeheimnis",
            "slug": "sozialgeheimnis",
            "completion_rule": "read",
            "estimated_minutes": "10",
            "body-count": "1",
            "body-0-type": "text",
            "body-0-value": rich_text("Lesen Sie diesen Text."),
            "body-0-deleted": "",
            "body-0-order": "0",
            "body-0-id": "",
        },
    )
    step(
        f"the admin published the first course with one lesson in the page editor: {time.monotonic() - started:.1f} s"
    )
    return course_id, lesson_id


def certificate_end_to_end(course_id, lesson_id):
    # HR's hand: one imported colleague gets a password (single sign-on is beyond a smoke test's reach).
    shell(
        "from django.contrib.auth import get_user_model\n"
        "u = get_user_model().objects.get(username='person7'); u.set_password('Smoke-Test-Lernende-2026'); u.save()"
    )
    learner = Browser()
    expect(learner.sign_in("person7", "Smoke-Test-Lernende-2026"), 302, "learner sign-in")
    catalog = expect(learner.get("/lernen/kurse/"), 200, "catalogue")
    if "Datenschutz im Jobcenter" not in html.unescape(catalog.text):
        fail("the published course is not in the catalogue „Kurse“")
    course = expect(learner.get("/lernen/kurse/datenschutz/"), 200, "course page")
    step("a colleague from the import sees the course in the catalogue and opens it")
    expect(learner.post(f"/lernen/einschreiben/{course_id}/", form_from=course), 302, "enrolment")
    lesson = expect(learner.get("/lernen/kurse/datenschutz/sozialgeheimnis/"), 200, "lesson page")
    if "Lesen Sie diesen Text." not in html.unescape(lesson.text):
        fail("the lesson does not show the text the admin entered")
    expect(learner.post(f"/lernen/lektion/{lesson_id}/gelesen/", form_from=lesson), 302, "mark as read")
    deadline = time.monotonic() + 120
    wanted = "Zertifikat „Datenschutz im Jobcenter“ herunterladen (PDF)"
    while True:
        page = expect(learner.get("/lernen/"), 200, "Mein Lernen")
        if wanted in html.unescape(page.text):
            break
        if time.monotonic() > deadline:
            fail("no certificate on „Mein Lernen“ after 120 s: the worker did not issue it")
        time.sleep(2)
    state = shell(
        "from learning.models import Certificate\n"
        "c = Certificate.objects.get(user__username='person7')\n"
        "print(c.number, bool(c.pdf) and c.pdf.storage.exists(c.pdf.name), c.pdf.open('rb').read(5).decode())"
    )
    number, exists, magic = state.split()
    if exists != "True" or magic != "%PDF-":
        fail(f"certificate {number}: PDF missing ({state})")
    step(f"certificate {number} issued by the worker, PDF in private storage, shown on „Mein Lernen“")


def main():
    check_health()
    check_public_pages()
    admin = admin_signs_in()
    admin_imports_staff(admin)
    course_id, lesson_id = admin_publishes_first_course(admin)
    certificate_end_to_end(course_id, lesson_id)
    step("all checks passed")
    (WORK / "smoke-ok").write_text(json.dumps({"ok": True}))


if __name__ == "__main__":
    main()
