"""Issue 14: anna's path through a course to its certificate, BASS placeholders, and the skipped-video hint."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.e2e.helpers import assert_no_axe_violations, login
from tests.factories import CoursePageFactory, LessonPageFactory, ProgrammePageFactory, UserFactory

pytestmark = pytest.mark.e2e

VIDEO = "document.querySelector('video')"


@pytest.fixture
def demo_course(catalog_page):
    """A course as the demo has them: three lessons to read, a certificate without expiry."""
    course = CoursePageFactory(
        parent=catalog_page,
        title="E-Akte im Jobcenter: Grundlagen",
        summary="Sie legen Dokumente in der elektronischen Akte ab.",
        certificate_validity_months=None,
    )
    for number, title in enumerate(["Die E-Akte kennenlernen", "Dokumente ablegen", "Suchen und finden"], 1):
        LessonPageFactory(parent=course, title=title, slug=f"lektion-{number}")
    return course


@pytest.fixture
def bass_placeholder(catalog_page, portal_page):
    programme = ProgrammePageFactory(
        parent=portal_page,
        title="BASS-Studium",
        slug="bass-studium",
        audience_group=Group.objects.get(name="BASS-Studierende"),
    )
    course = CoursePageFactory(
        parent=catalog_page,
        title="BASS Modul 1: Grundlagen des SGB II (Platzhalter)",
        programme=programme,
        placeholder=True,
    )
    LessonPageFactory(parent=course, title="Überblick über das Modul (Platzhalter)")
    return course


def test_anna_goes_from_enrolling_to_her_certificate(page, learner, demo_course, celery_worker):
    login(page, "anna")
    page.goto(demo_course.url)
    page.get_by_role("button", name="Kurs beginnen").click()
    expect(page.get_by_text("Sie sind jetzt für diesen Kurs eingeschrieben.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Mit Lektion 1 beginnen").click()

    for number, title in enumerate(["Die E-Akte kennenlernen", "Dokumente ablegen", "Suchen und finden"], 1):
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.locator("[data-lesson-number]")).to_have_text(f"Lektion {number} von 3")
        page.get_by_role("button", name="Ich habe die Lektion gelesen").click()
        expect(page.get_by_text("Die Lektion ist als gelesen markiert.")).to_be_visible()
        if number == 1:
            assert_no_axe_violations(page)
        if number < 3:
            page.get_by_role("link", name="Nächste Lektion", exact=True).click()

    page.get_by_role("link", name="Zum Kursabschluss und Zertifikat").click()
    # The worker completes the course and issues the certificate after the last lesson; until then the
    # page says so, and a reload shows the result.
    certificate_link = page.get_by_role(
        "link", name="Zertifikat „E-Akte im Jobcenter: Grundlagen“ herunterladen (PDF)"
    )
    for _attempt in range(30):
        if certificate_link.count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    expect(page.get_by_text("Kurs abgeschlossen")).to_be_visible()
    expect(certificate_link).to_be_visible()
    expect(page.get_by_text("Ihr Zertifikat gilt ohne Ablaufdatum.")).to_be_visible()
    with page.expect_download() as download:
        certificate_link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert_no_axe_violations(page)

    page.goto(demo_course.get_parent().url)
    card = page.locator("article.lh-course-card").filter(has_text="E-Akte im Jobcenter: Grundlagen")
    expect(card.locator("[data-course-status]")).to_have_text("abgeschlossen")
    assert_no_axe_violations(page)


def test_bass_placeholder_is_for_bass_students_only(page, make_page, learner, bass_placeholder, catalog_page):
    UserFactory(
        username="bassi", first_name="Bastian", last_name="Sommer", groups=["Lernende", "BASS-Studierende"]
    )
    login(page, "anna")
    page.goto(catalog_page.url)
    expect(page.get_by_role("heading", level=2, name="Kurse gefunden")).to_be_visible()
    expect(page.get_by_text(bass_placeholder.title)).to_have_count(0)
    assert page.goto(bass_placeholder.url).status == 404

    other = make_page()
    login(other, "bassi")
    other.goto(catalog_page.url)
    expect(other.get_by_role("link", name=bass_placeholder.title)).to_be_visible()
    assert_no_axe_violations(other)
    other.get_by_role("link", name=bass_placeholder.title).click()
    expect(other.get_by_role("heading", level=1)).to_have_text(bass_placeholder.title)


def test_a_skipped_through_video_says_how_much_is_missing(page, learner, video_lesson):
    login(page, "anna")
    page.goto(video_lesson.url)
    page.wait_for_function(f"() => {VIDEO}.readyState >= 1")
    hint = page.locator("[data-video-hint]")
    expect(hint).to_have_attribute("aria-live", "polite")
    with page.expect_response(lambda r: r.url.endswith("/api/progress/")):
        page.evaluate(f"() => {{ const video = {VIDEO}; video.muted = true; return video.play(); }}")
    page.wait_for_function(f"() => {VIDEO}.currentTime > 0.3")
    # Jump almost to the end: most of the video is skipped.
    with page.expect_response(
        lambda r: r.url.endswith("/api/progress/") and r.request.post_data_json["position"] > 2
    ):
        page.evaluate(f"() => {{ {VIDEO}.currentTime = 2.7; }}")
        page.wait_for_function(f"() => {VIDEO}.ended", timeout=10000)
    expect(hint).to_contain_text("Es fehlen noch etwa")
    expect(hint).to_contain_text("damit die Lektion als erledigt gilt")
    expect(page.locator("[data-lesson-status]")).not_to_contain_text("Lektion abgeschlossen")
    assert_no_axe_violations(page)
