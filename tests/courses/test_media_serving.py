"""Video files, posters and captions: access rules, range requests and the production hand-offs."""

import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches

from courses.models import CaptionLanguage
from tests.factories import CaptionTrackFactory, VideoFactory

pytestmark = pytest.mark.django_db

DATA = bytes(range(256)) * 40  # 10240 bytes, each position recognisable


@pytest.fixture
def staff_video():
    return VideoFactory(file=ContentFile(DATA, "schulung.mp4"))


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


def body(response):
    return b"".join(response.streaming_content)


def test_the_whole_file_says_that_ranges_are_accepted(learner_client, staff_video):
    response = learner_client.get(staff_video.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == "10240"
    assert body(response) == DATA


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=100-199", 100, 199),
        ("bytes=10000-", 10000, 10239),
        ("bytes=-100", 10140, 10239),
        ("bytes=10200-99999", 10200, 10239),
        ("bytes=-99999", 0, 10239),
    ],
)
def test_a_range_request_gets_exactly_those_bytes(learner_client, staff_video, header, start, end):
    response = learner_client.get(staff_video.url, headers={"Range": header})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/10240"
    assert response["Content-Length"] == str(end - start + 1)
    assert body(response) == DATA[start : end + 1]


@pytest.mark.parametrize("header", ["bytes=10240-", "bytes=20000-30000", "bytes=-0"])
def test_an_unsatisfiable_range_is_416(learner_client, staff_video, header):
    response = learner_client.get(staff_video.url, headers={"Range": header})
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */10240"


def test_several_ranges_get_the_whole_file(learner_client, staff_video):
    response = learner_client.get(staff_video.url, headers={"Range": "bytes=0-1,5-6"})
    assert response.status_code == 200
    assert body(response) == DATA


@pytest.mark.parametrize("kind", ["file", "poster", "captions-de"])
def test_anonymous_visitors_do_not_get_a_staff_video(client, staff_video, kind):
    staff_video.thumbnail.save("poster.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
    CaptionTrackFactory(video=staff_video, language="de")

    response = client.get(staff_video.media_url(kind))

    assert response.status_code == 302
    assert response["Location"].startswith("/anmelden/?next=")
    assert not hasattr(response, "streaming_content")


def test_a_public_video_is_open_to_everyone(client):
    video = VideoFactory(is_public=True, file=ContentFile(DATA, "erklaert.mp4"))
    response = client.get(video.url, headers={"Range": "bytes=0-9"})
    assert response.status_code == 206
    assert body(response) == DATA[:10]


def test_captions_are_sent_as_webvtt(learner_client, staff_video):
    track = CaptionTrackFactory(video=staff_video, language="de")
    response = learner_client.get(track.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert body(response).startswith(b"WEBVTT")


@pytest.mark.parametrize("kind", ["captions-en", "poster", "audio-description", "nonsense"])
def test_what_a_video_does_not_have_is_404(learner_client, staff_video, kind):
    assert learner_client.get(staff_video.media_url(kind)).status_code == 404


def test_x_accel_mode_hands_the_file_to_nginx_but_still_checks_access(client, learner, staff_video, settings):
    settings.MEDIA_SERVE_MODE = "x-accel"
    assert client.get(staff_video.url).status_code == 302

    client.force_login(learner)
    response = client.get(staff_video.url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected-media/{staff_video.file.name}"
    assert response["Content-Type"] == "video/mp4"
    assert response.content == b""


@pytest.mark.parametrize("tracks", [1, len(CaptionLanguage.values)])
def test_the_query_count_of_serving_does_not_grow(learner_client, tracks):
    video = VideoFactory(file=ContentFile(DATA, "viele-sprachen.mp4"))
    for language in CaptionLanguage.values[:tracks]:
        CaptionTrackFactory(video=video, language=language)
    learner_client.get(video.url)  # the session is warm, as for a player's follow-up requests

    with CaptureQueriesContext(connection) as file_queries:
        body(learner_client.get(video.url, headers={"Range": "bytes=0-99"}))
    caption_url = video.caption_tracks.first().url
    with CaptureQueriesContext(connection) as caption_queries:
        body(learner_client.get(caption_url))

    # session, user, video; captions look up their one track
    assert len(file_queries) == 3
    assert len(caption_queries) == 4


@pytest.fixture
def debug_urls(settings):
    """The URL configuration as `make run` builds it (DEBUG on), restored afterwards."""
    import learning.urls

    settings.DEBUG = True
    importlib.reload(learning.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(learning.urls)
    clear_url_caches()


def test_in_debug_the_media_folder_serves_images_but_never_protected_videos(
    client, learner, staff_video, debug_urls
):
    image = Path(settings.MEDIA_ROOT) / "images" / "bild.txt"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(b"ein Bild")
    client.force_login(learner)

    assert client.get("/media/images/bild.txt").status_code == 200
    assert client.get(f"/media/{staff_video.file.name}").status_code == 404
    assert client.get(staff_video.url).status_code == 200
