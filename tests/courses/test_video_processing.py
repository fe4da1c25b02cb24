"""Uploaded videos are probed by a real Celery worker with the real ffmpeg: facts, poster, state."""

import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from courses import tasks, video_processing
from courses.models import ProcessingState, Video
from tests.factories import UserFactory, VideoFactory


def wait_for_processing(video, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        video.refresh_from_db()
        if video.processing_state != ProcessingState.PENDING:
            return video
        time.sleep(0.2)
    pytest.fail(f"Video {video.pk} was still being processed after {timeout} s")


# A real worker reads what the test committed; serialized_rollback brings back the root collection
# and the roles that an earlier transactional test may have flushed away.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_uploaded_video_is_probed_by_a_real_worker(client, celery_worker, sample_mp4):
    client.force_login(UserFactory(username="admin", is_superuser=True))
    response = client.post(
        reverse("wagtailmedia:add", args=["video"]),
        {
            "title": "Antrag online stellen",
            "file": SimpleUploadedFile("antrag.mp4", sample_mp4.read_bytes(), content_type="video/mp4"),
            "captions-TOTAL_FORMS": "0",
            "captions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()

    video = wait_for_processing(Video.objects.get())

    assert video.processing_state == ProcessingState.READY, video.processing_error
    assert video.is_ready
    assert video.duration == pytest.approx(3.0, abs=0.1)
    assert (video.width, video.height) == (320, 240)
    assert (video.video_codec, video.audio_codec) == ("h264", "aac")
    with video.thumbnail.open("rb") as poster, Image.open(poster) as image:
        assert image.format == "JPEG"
        assert image.size == (320, 240)
    listing = client.get(reverse("wagtailmedia:index")).content.decode()
    assert "Bereit" in listing
    poster_response = client.get(video.poster_url)
    assert poster_response.status_code == 200
    assert poster_response["Content-Type"] == "image/jpeg"


@pytest.mark.django_db
def test_processing_twice_leaves_one_poster_and_the_same_facts(sample_mp4):
    video = VideoFactory(file=ContentFile(sample_mp4.read_bytes(), "zweimal.mp4"))

    video_processing.process_video(video.pk)
    video.refresh_from_db()
    first_poster = video.thumbnail.name
    video_processing.process_video(video.pk)
    video.refresh_from_db()

    assert video.is_ready
    assert video.duration == pytest.approx(3.0, abs=0.1)
    assert video.thumbnail.name != first_poster
    assert not video.thumbnail.storage.exists(first_poster)
    assert video.thumbnail.storage.exists(video.thumbnail.name)


def probes(callbacks):
    """The probes among what runs after commit (other receivers have work after commit too)."""
    return [
        callback for callback in callbacks if getattr(callback, "func", None) == tasks.process_video.delay
    ]


@pytest.mark.django_db
def test_a_new_file_is_probed_again_but_a_new_title_is_not(django_capture_on_commit_callbacks):
    video = VideoFactory()
    Video.objects.filter(pk=video.pk).update(processing_state=ProcessingState.READY, duration=3)
    video.refresh_from_db()

    with django_capture_on_commit_callbacks() as renamed:
        video.title = "Neuer Titel"
        video.save()
    assert probes(renamed) == []
    assert video.is_ready

    with django_capture_on_commit_callbacks() as replaced:
        video.file = ContentFile(b"\x00\x00\x00\x18ftypisom neu", "neu.mp4")
        video.save()
    assert len(probes(replaced)) == 1
    video.refresh_from_db()
    assert video.processing_state == ProcessingState.PENDING


@pytest.mark.django_db
def test_a_deleted_video_is_no_error_for_a_late_task():
    video = VideoFactory()
    video_id = video.pk
    video.delete()

    video_processing.process_video(video_id)  # a redelivered message finds nothing to do

    assert not Video.objects.filter(pk=video_id).exists()
