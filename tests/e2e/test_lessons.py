"""Courses and lessons in the browser: a lesson video with German captions that load and chapters that seek."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_no_axe_violations, login

pytestmark = pytest.mark.e2e


def test_lesson_video_shows_german_captions_and_chapter_button_jumps(page, video_lesson):
    login(page, "anna")
    page.goto(video_lesson.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Den Online-Antrag zeigen")

    video = page.locator("video")
    expect(video.locator('track[kind="captions"][srclang="de"]')).to_have_attribute("label", "Deutsch")
    # The German track is the default one, so it is shown without anyone choosing it, and its cues load.
    assert page.evaluate("document.querySelector('video').textTracks[0].mode") == "showing"
    page.wait_for_function(
        """() => {
            const video = document.querySelector('video');
            const track = video.querySelector('track');
            return track.readyState === HTMLTrackElement.LOADED && video.textTracks[0].cues.length === 2;
        }"""
    )
    assert page.evaluate("document.querySelector('video').textTracks[0].cues[0].text") == (
        "Willkommen im Jobcenter."
    )
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")  # duration known
    page.evaluate(
        """() => {
            const video = document.querySelector('video');
            video.muted = true;  // the chapter button also starts playback
            window.seekTargets = [];
            video.addEventListener('seeking', () => window.seekTargets.push(video.currentTime));
        }"""
    )

    page.get_by_role("button", name="0:02 – Schritt 2").click()

    page.wait_for_function("() => window.seekTargets.length > 0")
    assert page.evaluate("window.seekTargets[0]") == pytest.approx(2, abs=0.1)
    assert 2 - 0.1 <= page.evaluate("document.querySelector('video').currentTime") <= 3.1
    # Keyboard users land on the video they just chose.
    expect(video).to_be_focused()
    assert_no_axe_violations(page)
