"""The learner record in the browser: watching a lesson video is stored, resumed and completes the lesson."""

import pytest
from playwright.sync_api import expect

from learning.models import LessonProgress
from tests.e2e.helpers import login

pytestmark = pytest.mark.e2e

VIDEO = "document.querySelector('video')"


def progress_of(user, lesson):
    return LessonProgress.objects.filter(user=user, lesson=lesson).first()


def test_watching_is_stored_resumed_and_completes_the_lesson_without_reload(page, learner, video_lesson):
    login(page, "anna")
    page.goto(video_lesson.url)
    status = page.locator("[data-lesson-status]")
    expect(status).to_have_text("")
    page.wait_for_function(f"() => {VIDEO}.readyState >= 1")

    # Play muted for a moment, then pause. Starting playback sends a heartbeat without stretches (it starts
    # the server's clock: coverage is credited no faster than time passes); pausing sends the stretch played.
    with page.expect_response(
        lambda r: r.url.endswith("/api/progress/") and r.request.post_data_json["intervals"] == []
    ) as started:
        page.evaluate(f"() => {{ const video = {VIDEO}; video.muted = true; return video.play(); }}")
    assert started.value.ok, started.value.text()
    page.wait_for_function(f"() => {VIDEO}.currentTime > 1.2")
    with page.expect_response(
        lambda r: r.url.endswith("/api/progress/") and r.request.post_data_json["intervals"]
    ) as sent:
        page.evaluate(f"{VIDEO}.pause()")
    assert sent.value.ok, sent.value.text()
    # Continuous playback is one stretch, not one pair per timeupdate event: a long heartbeat must stay
    # far below the server's limit of 50 pairs.
    assert len(sent.value.request.post_data_json["intervals"]) == 1
    assert sent.value.json()["clipped"] == 0  # a person watching loses nothing
    stopped_at = page.evaluate(f"{VIDEO}.currentTime")

    progress = progress_of(learner, video_lesson)
    assert progress is not None and 0 < progress.coverage < 0.95, progress
    assert progress.position == pytest.approx(stopped_at, abs=0.05)
    assert progress.completed_at is None

    # Coming back later: the player starts where anna stopped, and the page tells her how far she got.
    page.reload()
    page.wait_for_function(f"() => {VIDEO}.readyState >= 1")
    page.wait_for_function(f"() => Math.abs({VIDEO}.currentTime - {progress.position}) < 0.1")
    expect(status).to_contain_text("des Videos angesehen")

    # Now the whole video from the start: the lesson is complete, and the page says so without a reload.
    page.evaluate(
        f"""() => new Promise(resolve => {{
            const video = {VIDEO};
            video.muted = true;
            video.addEventListener('seeked', () => resolve(video.play()), {{once: true}});
            video.currentTime = 0;
        }})"""
    )
    page.wait_for_function(f"() => {VIDEO}.ended")
    expect(status).to_have_text("Lektion abgeschlossen")
    progress = progress_of(learner, video_lesson)
    assert progress.completed_at is not None and progress.coverage >= 0.95, progress

    page.goto(video_lesson.course.url)
    lesson_row = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=video_lesson.title))
    expect(lesson_row).to_contain_text("abgeschlossen")
