"""The player component: native controls, caption tracks, chapters, transcript and accessible versions."""

import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.test.html import parse_html

from courses.models import ProcessingState
from tests.factories import CaptionTrackFactory, VideoFactory

pytestmark = pytest.mark.django_db


def render(video):
    return render_to_string("components/video_player.html", {"video": video})


@pytest.fixture
def video():
    video = VideoFactory(
        title="Antrag online stellen",
        transcript="Willkommen im Jobcenter.\n\nSo stellen Sie Ihren Antrag.",
        chapters=[{"title": "Einleitung", "start": 0}, {"title": "Antrag absenden", "start": 65}],
        width=320,
        height=240,
    )
    # As the worker leaves it: a new file is pending until probed.
    video.processing_state = ProcessingState.READY
    video.thumbnail.save("poster.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
    CaptionTrackFactory(video=video, language="en")
    CaptionTrackFactory(video=video, language="de")
    return video


def test_the_video_has_native_controls_a_poster_and_no_autoplay(video):
    html = render(video)
    assert f'data-video-id="{video.pk}"' in html
    assert f'<video id="video-{video.pk}" controls preload="metadata" playsinline' in html
    assert f'poster="/medien/video/{video.pk}/poster/"' in html
    assert f'<source src="/medien/video/{video.pk}/file/" type="video/mp4">' in html
    assert "autoplay" not in html


def test_each_caption_language_is_a_track_and_german_is_the_default(video):
    html = parse_html(render(video))
    german = parse_html(
        f'<track kind="captions" srclang="de" label="Deutsch" '
        f'src="/medien/video/{video.pk}/captions-de/" default>'
    )
    english = parse_html(
        f'<track kind="captions" srclang="en" label="English" src="/medien/video/{video.pk}/captions-en/">'
    )
    assert html.count(german) == 1
    assert html.count(english) == 1
    assert render(video).index('srclang="de"') < render(video).index('srclang="en"')


def test_chapters_are_buttons_that_know_where_to_seek(video):
    html = render(video)
    assert 'data-start="65"' in html
    assert "1:05 – Antrag absenden" in html
    assert html.count('type="button"') == 2


def test_the_transcript_is_behind_a_details_toggle(video):
    html = render(video)
    assert "<summary" in html
    assert "Transkript anzeigen" in html
    assert "<p>So stellen Sie Ihren Antrag.</p>" in html


def test_sign_language_and_audio_description_versions_are_linked(video):
    dgs = VideoFactory(title="Antrag online stellen (DGS)")
    video.sign_language_video = dgs
    video.audio_description = ContentFile(b"\x00\x00\x00\x18ftypisom", "ad.mp4")
    video.save()

    html = render(video)

    assert f'href="/medien/video/{dgs.pk}/file/">Dieses Video in Deutscher Gebärdensprache (DGS)</a>' in html
    assert f'href="/medien/video/{video.pk}/audio-description/">Dieses Video mit Audiodeskription</a>' in html


def test_a_failed_video_says_it_is_unavailable_instead_of_a_broken_player(video):
    video.processing_state = ProcessingState.FAILED
    html = render(video)
    assert "<video" not in html
    assert "Dieses Video ist zurzeit nicht verfügbar." in html


def test_the_public_interface_of_a_video(video):
    assert video.has_captions
    assert video.is_ready
    assert [track.language for track in video.caption_tracks.all()] == ["de", "en"]
    assert video.chapter_list[1] == {"title": "Antrag absenden", "start": 65, "label": "1:05"}
    assert not VideoFactory().has_captions


@pytest.mark.parametrize(
    ("language", "track", "transcript", "transcript_language"),
    [
        ("en", "en", "Welcome to the job centre.", "en"),
        ("ar", "de", "Willkommen im Jobcenter.", "de"),
        ("de", "de", "Willkommen im Jobcenter.", "de"),
    ],
)
def test_the_player_starts_with_the_page_languages_captions_and_its_transcript(
    video, language, track, transcript, transcript_language
):
    """The track of the page's language is the default, German where there is none; the transcript follows."""
    from django.utils import translation

    english = video.caption_tracks.get(language="en")
    english.file.save(
        "en.vtt", ContentFile(b"WEBVTT\n\n00:00.000 --> 00:02.500\nWelcome to the job centre.\n")
    )
    with translation.override(language):
        html = render(video)
    defaults = [chunk for chunk in html.split("<track")[1:] if " default>" in chunk.split(">")[0] + ">"]
    assert len(defaults) == 1 and f'srclang="{track}"' in defaults[0]
    assert f'lang="{transcript_language}" dir="auto"><p>{transcript}' in html


def test_a_caption_track_remembers_its_transcript_when_saved():
    track = CaptionTrackFactory(language="en")
    assert track.transcript == "Willkommen im Jobcenter."
