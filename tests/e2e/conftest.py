"""Browser-test fixtures: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("LERNHAFEN_CHROMIUM", "/usr/bin/chromium")
# The machine has no outside network: without these flags Chromium waits on connection attempts.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS_DIR = Path(__file__).resolve().parent.parent.parent / "test-results"
_reports = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    # CI must run every browser test: a missing browser or a stray skip is a failure there, not a skip.
    if report.skipped and os.environ.get("CI", "").lower() == "true" and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"Browser tests must not be skipped in CI (CI=true): {reason}"
    return report


@pytest.fixture(scope="package")
def playwright(django_db_setup):
    """Playwright, running for the e2e package only (see below why not for the whole session).

    Playwright's sync API marks an asyncio event loop as running in the test thread between its calls.
    Two consequences for Django in that thread, both handled here and undone when the package ends:
    - every ORM call (factories, fixtures, assertions) would raise SynchronousOnlyOperation. Nothing async
      touches the database (the live server answers in its own thread), so DJANGO_ALLOW_ASYNC_UNSAFE is
      set; it must not outlive the e2e tests, because subprocesses inherit it and `check --deploy` fails.
    - asgiref's Local hands the thread new database connection objects, which lack the snapshot Django
      took when it created the test database; serialized rollback needs that snapshot, so it is copied.
    """
    from django.db import connections

    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            for alias, snapshot in snapshots.items():
                connections[alias]._test_serialized_contents = snapshot
            yield pw
            # Left open, these connections would keep PostgreSQL from dropping the test database.
            connections.close_all()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _second_factor_as_in_production(settings):
    """Browser tests run with the second factor required as everywhere but the unit tests (learning.mfa)."""
    from learning.settings import base

    settings.SECOND_FACTOR_REQUIRED_GROUPS = base.SECOND_FACTOR_REQUIRED_GROUPS
    settings.SECOND_FACTOR_REQUIRED_FOR_SUPERUSERS = True


@pytest.fixture(scope="package")
def browser(playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; scripts/install-system-packages installs it.")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def make_page(request, browser, live_server, django_db_serialized_rollback):
    """Factory for pages in fresh browser contexts: `make_page(width=320)` for a small phone.

    Each context has its own cookies, German locale and Berlin time, and resolves relative URLs against
    the live server. Serialized rollback restores what migrations created (root page, role groups)
    before each test, because the live server needs committed data and the flush after a transactional
    test empties every table.
    """
    contexts = []

    def _make_page(width=1280, height=800):
        context = browser.new_context(
            base_url=live_server.url,
            locale="de-DE",
            timezone_id="Europe/Berlin",
            viewport={"width": width, "height": height},
        )
        contexts.append(context)
        return context.new_page()

    yield _make_page

    call = request.node.stash.get(_reports, {}).get("call")
    if call is not None and call.failed:
        # A screenshot of each page as the test left it, for debugging failures in CI.
        RESULTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                page.screenshot(path=RESULTS_DIR / f"{name}-{i}-{j}.png", full_page=True)
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_page):
    """A page 1280×800 px wide in a fresh context; `page.goto("/")` opens the live server's home page."""
    return make_page()


# Two German cues on the 3-second sample: one before the chapter "Schritt 2" at 2 s, one after it.
SAMPLE_CAPTIONS = (
    "WEBVTT\n\n"
    "00:00.000 --> 00:01.900\nWillkommen im Jobcenter.\n\n"
    "00:02.000 --> 00:03.000\nSchritt 2: Antrag auswählen.\n"
)
SAMPLE_TRANSCRIPT = "Willkommen im Jobcenter.\n\nSchritt 2: Wählen Sie den Antrag aus."


@pytest.fixture
def captioned_video(db, sample_mp4):
    """The 3-second sample as an editor leaves it: public, German captions, transcript, two chapters, probed."""
    from django.core.files import File
    from django.core.files.base import ContentFile

    from courses.video_processing import process_video
    from tests.factories import CaptionTrackFactory, VideoFactory

    with sample_mp4.open("rb") as handle:
        video = VideoFactory(
            title="So stellen Sie den Antrag",
            file=File(handle, name="erklaervideo.mp4"),
            is_public=True,
            transcript=SAMPLE_TRANSCRIPT,
            chapters=[{"title": "Start", "start": 0}, {"title": "Schritt 2", "start": 2}],
        )
    CaptionTrackFactory(
        video=video, language="de", file=ContentFile(SAMPLE_CAPTIONS.encode(), name="untertitel.vtt")
    )
    process_video(video.pk)
    video.refresh_from_db()
    assert video.is_ready and video.duration > 2.5, video.processing_error
    return video


@pytest.fixture
def video_lesson(catalog_page, learner, captioned_video):
    """A lesson that is complete once 95 % of its captioned video was watched, in a course of its own."""
    from courses.models import LessonPage
    from tests.factories import CoursePageFactory, LessonPageFactory

    course = CoursePageFactory(parent=catalog_page, title="Online-Antrag erklären")
    return LessonPageFactory(
        parent=course,
        title="Den Online-Antrag zeigen",
        completion_rule=LessonPage.Rule.VIDEO,
        body=[{"type": "video", "value": {"video": captioned_video.pk, "caption": ""}}],
    )


@pytest.fixture
def public_explainers(home_page, portal_page, statement_page, public_contact, captioned_video):
    """The page "Erklärt" with the seed's data for one explainer: "Bürgergeld online beantragen – Schritt für
    Schritt" with its German texts, its Arabic translation (made through wagtail-localize) and its text in
    Leichte Sprache; its video is the captioned sample instead of the seed's rendered one. The DGS start page
    and the staff portal are there too, so that the header links to them as on the real site."""
    from types import SimpleNamespace

    from courses.demo import loader, translate
    from tests.factories import (
        EasyLanguagePageFactory,
        ExplainerIndexPageFactory,
        ExplainerPageFactory,
        SignLanguagePageFactory,
        document_block,
        step_block,
    )

    data = loader.load()
    entry = data.explainers[0]
    index = ExplainerIndexPageFactory(parent=home_page, **data.explainer_index)
    easy_start = EasyLanguagePageFactory(parent=index, **data.easy_start)
    easy = EasyLanguagePageFactory(parent=easy_start, slug=entry["easy"], **data.easy_texts[entry["easy"]])
    sign = data.sign_language
    SignLanguagePageFactory(parent=index, slug=sign["slug"], title=sign["title"], text=sign["text"])
    explainer = ExplainerPageFactory(
        parent=index,
        slug=entry["slug"],
        title=entry["title"],
        lead=entry["lead"],
        steps=[step_block(step["title"], step["text"]) for step in entry["steps"]],
        checklist=[document_block(item) for item in entry["checklist"]],
        offline_title=data.offline_title,
        offline_text=entry["offline_text"],
        reviewed_at=entry["reviewed_at"],
        easy_language_page=easy,
        video=captioned_video,
    )
    # Leaves first, as the seed does.
    translate(explainer, {"ar": data.explainer_strings("ar", entry["slug"])})
    translate(index, {"ar": data.index_strings("ar")})
    return SimpleNamespace(
        entry=entry,
        arabic=data.translations["ar"]["explainers"][entry["slug"]],
        easy_title=easy.title,
        explainer=f"/erklaert/{entry['slug']}/",
        explainer_ar=f"/ar/erklaert/{entry['slug']}/",
        easy=f"/erklaert/{data.easy_start['slug']}/{entry['easy']}/",
        poster=f"/erklaert/{entry['slug']}/poster/",
        sign=f"/erklaert/{sign['slug']}/",
    )


@pytest.fixture
def editor_with_app(editor):
    """Rita of the Redaktion with her authenticator app set up, as the admin wants of her (learning.mfa)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=editor, name="Authenticator", confirmed=True)
    return editor
