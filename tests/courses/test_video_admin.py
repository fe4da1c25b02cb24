"""Editors add and edit videos with captions and chapters in the Wagtail admin; bad uploads change nothing."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses import video_processing
from courses.models import CaptionTrack, ProcessingState, Video
from tests.factories import CaptionTrackFactory, VideoFactory

pytestmark = pytest.mark.django_db

GERMAN_VTT = b"WEBVTT\n\n00:00.000 --> 00:02.500\nWillkommen im Jobcenter.\n"
ENGLISH_VTT = b"WEBVTT\n\n00:00.000 --> 00:02.500\nWelcome to the job centre.\n"
BROKEN_VTT = b"WEBVTT\n\n1\n00:00:05.000 --> 00:00:02.000\nZu frueh zu Ende\n"


def form_data(initial_tracks=0, **fields):
    """What the browser posts from the media form: video fields plus the caption rows' management form."""
    return {
        "title": "Antrag online stellen",
        "transcript": "",
        "chapters": "",
        "captions-TOTAL_FORMS": str(initial_tracks + 2),
        "captions-INITIAL_FORMS": str(initial_tracks),
        "captions-MIN_NUM_FORMS": "0",
        "captions-MAX_NUM_FORMS": "1000",
        **fields,
    }


def stored_files(folder):
    path = Path(settings.MEDIA_ROOT) / "protected" / folder
    return sorted(p.name for p in path.iterdir()) if path.exists() else []


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


def add_video(client, **fields):
    return client.post(reverse("wagtailmedia:add", args=["video"]), form_data(**fields))


def mp4_upload(sample_mp4, name="antrag.mp4"):
    return SimpleUploadedFile(name, sample_mp4.read_bytes(), content_type="video/mp4")


def test_a_text_file_renamed_to_mp4_is_refused_and_nothing_is_stored(admin_client):
    response = add_video(
        admin_client,
        file=SimpleUploadedFile("notiz-umbenannt.mp4", b"Nur eine Notiz.\n", content_type="video/mp4"),
    )

    assert response.status_code == 200
    assert (
        "Diese Datei ist kein Video, das wir abspielen können. Erlaubt sind MP4 (H.264) und WebM."
        in response.content.decode()
    )
    assert not Video.objects.exists()
    assert not [name for name in stored_files("videos") if name.startswith("notiz-umbenannt")]


def test_an_editor_uploads_a_video_with_german_captions(admin_client, editor, sample_mp4):
    response = add_video(
        admin_client,
        file=mp4_upload(sample_mp4),
        **{"captions-0-language": "de", "captions-0-file": SimpleUploadedFile("de.vtt", GERMAN_VTT)},
    )

    assert response.status_code == 302, response.content.decode()
    video = Video.objects.get()
    assert video.uploaded_by_user == editor
    assert video.processing_state == ProcessingState.PENDING
    assert not video.is_public
    assert video.has_captions
    assert [track.language for track in video.caption_tracks.all()] == ["de"]
    assert video.file.read() == sample_mp4.read_bytes()


def test_a_broken_caption_file_is_refused_with_its_line_and_the_video_is_not_saved(admin_client, sample_mp4):
    response = add_video(
        admin_client,
        file=mp4_upload(sample_mp4, name="kaputte-untertitel.mp4"),
        **{"captions-0-language": "de", "captions-0-file": SimpleUploadedFile("de.vtt", BROKEN_VTT)},
    )

    assert response.status_code == 200
    assert (
        "Die Untertiteldatei ist fehlerhaft: Zeile 4: "
        "Die Zeitangabe „00:00:05.000 --&gt; 00:00:02.000“ endet vor ihrem Beginn."
    ) in response.content.decode()
    assert not Video.objects.exists()
    assert not CaptionTrack.objects.exists()
    assert not [name for name in stored_files("videos") if name.startswith("kaputte-untertitel")]


def test_editing_adds_one_caption_language_and_removes_another(admin_client):
    video = VideoFactory()
    german = CaptionTrackFactory(video=video, language="de")
    CaptionTrackFactory(video=video, language="ar")

    response = admin_client.post(
        reverse("wagtailmedia:edit", args=[video.pk]),
        form_data(
            initial_tracks=2,
            title=video.title,
            **{
                "captions-0-id": str(german.pk),
                "captions-0-language": "de",
                "captions-0-label": "",
                "captions-1-id": str(video.caption_tracks.get(language="ar").pk),
                "captions-1-language": "ar",
                "captions-1-label": "",
                "captions-1-DELETE": "on",
                "captions-2-language": "en",
                "captions-2-file": SimpleUploadedFile("en.vtt", ENGLISH_VTT),
            },
        ),
    )

    assert response.status_code == 302, response.content.decode()
    tracks = list(video.caption_tracks.all())
    assert [(track.language, track.display_label) for track in tracks] == [
        ("de", "Deutsch"),
        ("en", "English"),
    ]


def test_a_second_track_in_the_same_language_is_refused(admin_client):
    video = VideoFactory()
    german = CaptionTrackFactory(video=video, language="de")

    response = admin_client.post(
        reverse("wagtailmedia:edit", args=[video.pk]),
        form_data(
            initial_tracks=1,
            title=video.title,
            **{
                "captions-0-id": str(german.pk),
                "captions-0-language": "de",
                "captions-1-language": "de",
                "captions-1-file": SimpleUploadedFile("de2.vtt", GERMAN_VTT),
            },
        ),
    )

    assert response.status_code == 200
    assert video.caption_tracks.count() == 1


def test_chapters_are_typed_one_per_line_and_kept_in_order(admin_client, sample_mp4):
    response = add_video(
        admin_client, file=mp4_upload(sample_mp4), chapters="1:05 Antrag absenden\n0:00 Einleitung\n"
    )

    assert response.status_code == 302, response.content.decode()
    assert Video.objects.get().chapter_list == [
        {"title": "Einleitung", "start": 0, "label": "0:00"},
        {"title": "Antrag absenden", "start": 65, "label": "1:05"},
    ]


def test_a_chapter_line_without_a_time_names_the_line(admin_client, sample_mp4):
    response = add_video(
        admin_client, file=mp4_upload(sample_mp4), chapters="0:00 Einleitung\nAntrag absenden\n"
    )

    assert response.status_code == 200
    assert (
        "Zeile 2: „Antrag absenden“ hat nicht die Form „1:05 Titel des Kapitels“."
        in response.content.decode()
    )
    assert not Video.objects.exists()


def test_a_chapter_line_with_thousands_of_digits_is_refused_in_german(admin_client, sample_mp4):
    response = add_video(admin_client, file=mp4_upload(sample_mp4), chapters="9" * 5000 + ":00:00 Ewig\n")
    assert response.status_code == 200
    html = response.content.decode()
    # The message quotes the line cut short; the field keeps what was typed, to be corrected.
    assert "Zeile 1: „" + "9" * 59 + "…“ hat nicht die Form" in html
    assert not Video.objects.exists()


def test_a_chapter_after_the_end_of_a_probed_video_is_refused(admin_client):
    video = VideoFactory(duration=3.0)

    response = admin_client.post(
        reverse("wagtailmedia:edit", args=[video.pk]), form_data(title=video.title, chapters="0:05 Zu spät")
    )

    assert response.status_code == 200
    assert (
        "Das Kapitel „Zu spät“ beginnt bei 0:05, das Video ist aber nur 0:03 lang."
        in response.content.decode()
    )
    video.refresh_from_db()
    assert video.chapters == []


def test_probed_values_cannot_be_typed_into_the_form(admin_client):
    video = VideoFactory()
    response = admin_client.get(reverse("wagtailmedia:edit", args=[video.pk]))
    fields = response.context["form"].fields
    assert {"duration", "width", "height", "thumbnail"}.isdisjoint(fields)
    assert {"file", "transcript", "chapters", "is_public", "sign_language_video", "audio_description"} <= set(
        fields
    )


def test_an_unreadable_video_shows_failed_with_its_reason_in_the_admin(admin_client):
    # MP4 magic bytes pass the upload check; ffmpeg's full probe then finds nothing it can read.
    video = VideoFactory(
        title="Defektes Video", file=ContentFile(b"\x00\x00\x00\x18ftypisom" + b"\x00" * 500, "defekt.mp4")
    )

    video_processing.process_video(video.pk)

    video.refresh_from_db()
    assert video.processing_state == ProcessingState.FAILED
    reason = (
        "Die Datei konnte nicht als Video gelesen werden. Bitte als MP4 (H.264) oder WebM neu exportieren."
    )
    assert video.processing_error == reason
    listing = admin_client.get(reverse("wagtailmedia:index")).content.decode()
    assert "Fehlgeschlagen" in listing
    assert reason in listing
    edit_page = admin_client.get(reverse("wagtailmedia:edit", args=[video.pk])).content.decode()
    assert "Verarbeitung fehlgeschlagen" in edit_page
    assert reason in edit_page


def test_an_audio_only_file_fails_for_want_of_a_picture(tmp_path, admin_client):
    import subprocess

    import imageio_ffmpeg

    audio = tmp_path / "nur-ton.mp4"
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
         "sine=duration=1", "-c:a", "aac", str(audio)],
        check=True, timeout=30,
    )  # fmt: skip
    video = VideoFactory(file=ContentFile(audio.read_bytes(), "nur-ton.mp4"))

    video_processing.process_video(video.pk)

    video.refresh_from_db()
    assert video.processing_state == ProcessingState.FAILED
    assert video.processing_error == "Die Datei enthält keine Videospur."


def test_the_add_form_offers_caption_rows_and_only_playable_formats(admin_client):
    html = admin_client.get(reverse("wagtailmedia:add", args=["video"])).content.decode()
    assert "Untertitel (WebVTT)" in html
    assert 'name="captions-0-file"' in html
    assert 'accept=".mp4,.m4v,.webm"' in html


def test_the_choosers_quick_upload_saves_a_video_without_caption_rows(admin_client, sample_mp4):
    response = admin_client.post(
        reverse("wagtailmedia:chooser_upload", args=["video"]),
        {
            "media-chooser-upload-title": "Schnell hochgeladen",
            "media-chooser-upload-file": mp4_upload(sample_mp4, name="schnell.mp4"),
        },
    )

    assert response.status_code == 200
    assert response.json()["step"] == "media_chosen"
    video = Video.objects.get(title="Schnell hochgeladen")
    assert not video.has_captions


YT_DLP_VTT = (Path(__file__).parent / "data" / "webvtt" / "exports" / "yt-dlp-auto-de.vtt").read_bytes()
SLIPS_VTT = b"WEBVTT\n0:00:00.000 --> 0:00:02.000\nEin Satz.\n"


def test_a_youtube_export_is_accepted_and_the_saved_row_shows_its_file_and_language(admin_client):
    video = VideoFactory()

    response = admin_client.post(
        reverse("wagtailmedia:edit", args=[video.pk]),
        form_data(
            title=video.title,
            **{"captions-0-language": "de", "captions-0-file": SimpleUploadedFile("yt.de.vtt", YT_DLP_VTT)},
        ),
    )
    assert response.status_code == 302, response.content.decode()
    track = video.caption_tracks.get()

    page = admin_client.get(reverse("wagtailmedia:edit", args=[video.pk])).content.decode()
    assert f"Gespeicherte Datei: {Path(track.file.name).name} (Deutsch)." in page
    # The saved row's file is not asked for again.
    assert 'name="captions-0-file"' in page
    assert not re.search(r'<input[^>]*name="captions-0-file"[^>]*required', page)


def test_a_saved_file_with_authoring_slips_shows_them_as_warnings_on_the_row(admin_client):
    video = VideoFactory()
    CaptionTrackFactory(video=video, language="de", file=ContentFile(SLIPS_VTT, name="slips.vtt"))

    page = admin_client.get(reverse("wagtailmedia:edit", args=[video.pk])).content.decode()

    assert "Browser zeigen diese Datei vollständig." in page
    assert "Zeile 2: Nach der Kopfzeile „WEBVTT“ fehlt eine Leerzeile." in page
    assert "Zeile 2: Stunden bitte zweistellig schreiben" in page


def chooser_html(response):
    assert response.status_code == 200
    return response.json()["html"]


def test_audio_uploads_are_not_offered(admin_client):
    index = admin_client.get(reverse("wagtailmedia:index")).content.decode()
    assert "Video hinzufügen" in index
    assert reverse("wagtailmedia:add", args=["audio"]) not in index and "Audio hinzufügen" not in index
    assert "Hier sind noch keine Videos." in index
    for media_type in ("audio", "media"):
        response = admin_client.get(f"/admin/media/{media_type}/add/")
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailmedia:add", args=["video"])


@pytest.mark.parametrize("address", ["/admin/media/chooser/", "/admin/media/chooser/audio/"])
def test_the_choosers_offer_the_video_upload_only(admin_client, address):
    response = admin_client.get(address, {"q": "Antrag"})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailmedia:chooser_typed", args=["video"]) + "?q=Antrag"

    html = chooser_html(admin_client.get(address, follow=True))
    assert "Video hochladen" in html and "Video auswählen" in html
    assert "Audio hochladen" not in html and "/audio/" not in html


def test_the_audio_quick_upload_stores_nothing(admin_client, sample_mp4):
    response = admin_client.post(
        "/admin/media/audio/chooser/upload/",
        {
            "media-chooser-upload-title": "Als Audio hochgeladen",
            "media-chooser-upload-file": mp4_upload(sample_mp4, name="als-audio.mp4"),
        },
        follow=True,
    )

    assert response.redirect_chain == [(reverse("wagtailmedia:chooser_upload", args=["video"]), 302)]
    assert "Audio hochladen" not in chooser_html(response)
    assert not Video.objects.exists()
