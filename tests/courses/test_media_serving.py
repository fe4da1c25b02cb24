"""Video files, posters and captions: access rules, range requests and the production hand-offs."""

import importlib
from pathlib import Path
from urllib.parse import quote_plus, urlencode

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
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

    # session, user, video with its collection, the collection's restrictions, the pages using the video
    # (none: a signed-in person gets it); captions look up their one track
    assert len(file_queries) == 5
    assert len(caption_queries) == 6


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


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class PresigningStorage(FileSystemStorage):
    """Stands in for S3 in `redirect` mode: url() takes the arguments django-storages' S3Storage takes."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        query = urlencode({**(parameters or {}), "X-Amz-Expires": expire})
        return f"https://objekte.example/{name}?{query}"


@pytest.fixture(params=["django", "x-accel", "redirect"])
def serve_mode(request, settings):
    settings.MEDIA_SERVE_MODE = request.param
    if request.param == "redirect":
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "tests.courses.test_media_serving.PresigningStorage"},
        }
    return request.param


def assert_security_headers(response):
    for header, value in SECURITY_HEADERS.items():
        assert response[header] == value, header


@pytest.mark.parametrize(
    ("kind", "name", "data", "content_type"),
    [
        ("file", "schulung.mp4", DATA, "video/mp4"),
        ("file", "schulung.m4v", DATA, "video/mp4"),
        ("file", "schulung.webm", DATA, "video/webm"),
        ("audio-description", "beschreibung.webm", DATA, "video/webm"),
        # The review's finding: an .html file as audio description was sent as text/html.
        (
            "audio-description",
            "angriff.html",
            b"\x00\x00\x00\x18ftyp<script>alert(1)</script>",
            "application/octet-stream",
        ),
        ("poster", "poster.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg"),
        ("poster", "poster.jpg", PNG, "image/png"),
        ("poster", "poster.jpg", b"<svg onload=alert(1)>", "application/octet-stream"),
    ],
)
def test_every_media_response_has_a_fixed_type_and_the_security_headers_in_every_mode(
    client, learner, serve_mode, kind, name, data, content_type
):
    video = VideoFactory(file=ContentFile(DATA, "video.mp4"))
    if kind == "file":
        video.file.save(name, ContentFile(data), save=True)
    elif kind == "audio-description":
        video.audio_description.save(name, ContentFile(data), save=True)
    else:
        video.thumbnail.save(name, ContentFile(data), save=True)
    client.force_login(learner)

    response = client.get(video.media_url(kind))

    assert_security_headers(response)
    if serve_mode == "redirect":
        assert response.status_code == 302
        assert "ResponseContentType=" + quote_plus(content_type) in response["Location"]
    else:
        assert response.status_code == 200
        assert response["Content-Type"] == content_type


def test_captions_have_the_security_headers_in_every_mode(client, learner, serve_mode):
    video = VideoFactory(file=ContentFile(DATA, "video.mp4"))
    track = CaptionTrackFactory(video=video, language="de")
    client.force_login(learner)

    response = client.get(track.url)

    assert response.status_code == 200  # always from Django, for <track>
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert_security_headers(response)


def test_refusals_and_unsatisfiable_ranges_carry_the_security_headers_too(client, learner, staff_video):
    assert_security_headers(client.get(staff_video.url))  # the way to the sign-in page
    client.force_login(learner)
    response = client.get(staff_video.url, headers={"Range": "bytes=99999-"})
    assert response.status_code == 416
    assert_security_headers(response)


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("checkliste.pdf", "application/pdf"),
        ("liste.csv", "text/csv; charset=utf-8"),
        ("tabelle.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        # Stored before the allowlist (or by a script): never sent as the HTML its name says.
        ("alt.html", "application/octet-stream"),
        ("alt.svg", "application/octet-stream"),
    ],
)
def test_documents_are_attachments_with_a_fixed_type_in_every_mode(
    client, learner, serve_mode, name, content_type
):
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(title=name, file=ContentFile(b"%PDF-1.4 Inhalt", name))
    client.force_login(learner)

    response = client.get(document.url)

    assert_security_headers(response)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    if serve_mode == "redirect":
        assert response.status_code == 302
        location = response["Location"]
        assert "ResponseContentType=" + quote_plus(content_type) in location
        assert "ResponseContentDisposition=attachment" in location
    else:
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
    if serve_mode == "x-accel":
        assert response["X-Accel-Redirect"] == f"/_protected-media/{document.file.name}"
