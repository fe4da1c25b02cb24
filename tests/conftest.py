"""Shared fixtures: the site's page tree, users, and a real Celery worker process."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from wagtail.models import Page, Site

from tests.factories import HomePageFactory, PortalPageFactory, UserFactory
from tests.viewer import travel

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def home_page(db):
    """The public home page as the default site's root (as seed_demo sets it up)."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "port": 80}
    )
    return home


@pytest.fixture
def portal_page(home_page):
    return PortalPageFactory(parent=home_page)


@pytest.fixture
def learner(db):
    return UserFactory(username="anna", first_name="Anna", last_name="Becker", groups=["Lernende"])


def _start_worker():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "learning.settings.test",
        "LERNHAFEN_WORKER_DB_NAME": str(connection.settings_dict["NAME"]),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "learning", "worker",
        "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
        "-Q", settings.CELERY_TASK_DEFAULT_QUEUE,
    ]  # fmt: skip
    log = open(Path(settings.TEST_DIR) / f"worker-{time.monotonic_ns()}.log", "w+")  # noqa: SIM115
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    return process, log


@pytest.fixture
def celery_worker(transactional_db, django_db_serialized_rollback):
    """A real `celery worker` process on the configured broker (filesystem locally, Redis in CI).

    Tests that use it commit their data (transactional_db), so the worker sees it; the serialized
    rollback restores what migrations created (root page, locale, collection, roles) afterwards.
    """
    from learning.tasks import ping

    process, log = _start_worker()
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"Celery worker exited early:\n{log.read()[-3000:]}")
            try:
                if ping.apply_async(expires=5).get(timeout=2) == "pong":
                    break
            except Exception:  # noqa: BLE001 - not up yet
                if time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"Celery worker did not answer within 60 s:\n{log.read()[-3000:]}")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def clock():
    """A stopped clock (time-machine) for tests of time-dependent rules: `clock.shift(seconds)` moves it on."""
    with travel() as traveller:
        yield traveller


@pytest.fixture
def catalog_page(portal_page):
    from tests.factories import CatalogPageFactory

    return CatalogPageFactory(parent=portal_page)


@pytest.fixture(scope="session")
def sample_mp4(tmp_path_factory):
    """A real 3-second 320×240 MP4 (H.264 + AAC), made once per run with the ffmpeg of imageio-ffmpeg."""
    import imageio_ffmpeg

    path = tmp_path_factory.mktemp("video") / "erklaervideo.mp4"
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin",
        "-f", "lavfi", "-i", "testsrc=duration=3:size=320x240:rate=25",
        "-f", "lavfi", "-i", "sine=duration=3",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
        "-shortest", "-movflags", "+faststart", str(path),
    ]  # fmt: skip
    subprocess.run(command, check=True, timeout=60)
    return path


@pytest.fixture(autouse=True)
def _empty_caches_outside_the_database():
    """Every test starts without cached pages or heartbeat facts: those caches are not in the test database,
    whose rollback would forget what they describe (and hand the same ids to the next test's pages)."""
    from django.core.cache import caches

    caches["pages"].clear()
    caches["heartbeat"].clear()


@pytest.fixture
def statement_page(home_page):
    from tests.factories import AccessibilityStatementPageFactory

    return AccessibilityStatementPageFactory(parent=home_page)


@pytest.fixture
def editor(db):
    """Rita from the Redaktion role, which may manage the media library."""
    return UserFactory(
        username="rita",
        first_name="Rita",
        last_name="Schulz",
        email="rita@jobcenter.example",
        groups=["Redaktion"],
    )


@pytest.fixture
def explainer_index(home_page):
    from tests.factories import ExplainerIndexPageFactory

    return ExplainerIndexPageFactory(parent=home_page)


@pytest.fixture
def public_contact(home_page):
    """The job centre's contact details in the site settings, as editors enter them."""
    from courses.models import PublicServiceSettings

    contact = PublicServiceSettings.for_site(Site.objects.get(is_default_site=True))
    contact.address = "Am Markt 5\n54321 Musterstadt"
    contact.opening_hours = "Montag bis Freitag 8–12 Uhr"
    contact.phone = "09876 5432-1"
    contact.save()
    return contact
