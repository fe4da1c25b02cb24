"""The demo content: a full catalogue from seed_demo, valid lessons and checks, captions and demo videos."""

import re
import subprocess
from io import StringIO
from types import SimpleNamespace

import imageio_ffmpeg
import pytest
from django.core.management import call_command
from wagtail.models import Page

from courses import quiz
from courses.blocks import LessonBodyBlock
from courses.demo import loader, media, pages
from courses.models import (
    CatalogPage,
    CoursePage,
    ImprintPage,
    LessonPage,
    ProgrammePage,
    PublicPrivacyNoticePage,
    StaffPrivacyNoticePage,
)
from tests.factories import UserFactory

MUST_HAVE_TITLES = {
    "E-Akte im Jobcenter: Grundlagen",
    "Videoberatung mit Leistungsberechtigten",
    "Verschlüsselte E-Mail: Sozialdaten sicher übermitteln",
    "Datenschutz und Sozialgeheimnis im SGB II – jährliche Unterweisung",
    "Informationssicherheit: Phishing erkennen und melden",
    "Qualifizierung Digitalisierungslotsen",
}
MANDATORY_TRAININGS = {
    "Datenschutz und Sozialgeheimnis im SGB II – jährliche Unterweisung",
    "Informationssicherheit: Phishing erkennen und melden",
}
DATA = loader.load()
TIMING = re.compile(r"^(\d{2}):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d{2}):([0-5]\d):([0-5]\d)\.(\d{3})$")


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())


def courses_in_catalogue():
    catalog = CatalogPage.objects.get(slug="kurse")
    return list(CoursePage.objects.child_of(catalog).order_by("path"))


def test_seed_builds_a_catalogue_of_valid_courses_and_lessons(seeded):
    assert_catalogue_and_programmes()
    assert_courses()
    assert_lessons_and_answer_keys()


def assert_catalogue_and_programmes():
    catalog = CatalogPage.objects.get()
    assert catalog.url == "/lernen/kurse/" and catalog.title == "Kurse"
    programmes = {p.slug: p for p in ProgrammePage.objects.child_of(catalog.get_parent())}
    assert set(programmes) == {"bass-studium", "inhouse-schulungen", "pflichtschulungen"}
    assert DATA.placeholder_note in programmes["bass-studium"].intro


def assert_courses():
    courses = courses_in_catalogue()
    assert len(courses) >= 12
    assert {course.title for course in courses} >= MUST_HAVE_TITLES
    for course in courses:
        assert course.programme is not None and course.summary and course.audience, course.title
        assert course.learning_goals.startswith("<ul><li>"), course.title
        assert 1 <= course.course_competences.count() <= 3, course.title
        assert course.tags.exists(), course.title
        lessons = list(course.lessons().specific())
        assert 2 <= len(lessons) <= 4, course.title
        assert course.estimated_minutes == sum(lesson.estimated_minutes for lesson in lessons)
        checks = [lesson.knowledge_check for lesson in lessons if lesson.knowledge_check is not None]
        assert checks, f"{course.title} has no knowledge check"
        assert all(3 <= len(check.value["questions"]) <= 5 for check in checks), course.title
        if course.title in MANDATORY_TRAININGS:
            assert course.programme.slug == "pflichtschulungen"
            assert course.certificate_enabled and course.certificate_validity_months == 12
            assert course.check_policy == quiz.AttemptPolicy(3, 10, quiz.FeedbackMode.AFTER_PASSING_OR_LAST)
        if course.programme.slug == "bass-studium":
            assert "(Platzhalter)" in course.title and DATA.placeholder_note in course.summary
            assert DATA.placeholder_note in str(lessons[0].body)
    lotsen = CoursePage.objects.get(title="Qualifizierung Digitalisierungslotsen")
    assert "E-Akte im Jobcenter: Grundlagen" in {c.title for c in lotsen.prerequisites.all()}


def assert_lessons_and_answer_keys():
    lessons = LessonPage.objects.all()
    assert lessons.count() >= 24
    body_block = LessonBodyBlock()
    for lesson in lessons:
        lesson.full_clean()
        body_block.clean(lesson.body)  # runs each block's own validation, e.g. QuestionBlock.clean
        if lesson.completion_rule == LessonPage.Rule.VIDEO:
            video = lesson.video
            assert video.is_ready and video.has_captions and video.transcript, lesson.title
            assert 15 <= video.duration <= 25 and video.thumbnail, lesson.title
        else:
            assert lesson.completion_rule in {LessonPage.Rule.READ, LessonPage.Rule.QUIZ}
        if lesson.completion_rule == LessonPage.Rule.QUIZ:
            assert lesson.knowledge_check is not None, lesson.title
        if lesson.knowledge_check is None:
            continue
        assert lesson.knowledge_check.value["pass_mark"] in {80, 100}
        for question in lesson.knowledge_check.value["questions"]:
            correct = [answer for answer in question["answers"] if answer["correct"]]
            wrong = [answer for answer in question["answers"] if not answer["correct"]]
            assert wrong and question["explanation"], question["prompt"]
            if question["kind"] == "single":
                assert len(correct) == 1, question["prompt"]
            else:
                assert correct, question["prompt"]
            assert all(answer["feedback"] for answer in question["answers"]), question["prompt"]
    for course in courses_in_catalogue():
        course.full_clean()
    video_lessons = lessons.filter(completion_rule=LessonPage.Rule.VIDEO)
    assert {lesson.video.title for lesson in video_lessons} == {v["title"] for v in DATA.videos.values()}


def snapshot():
    """Everything a rerun could change: pages, their revisions and lesson bodies, links and tags."""
    pages = list(
        Page.objects.order_by("path").values_list(
            "pk", "path", "slug", "title", "live", "latest_revision_id", "last_published_at"
        )
    )
    bodies = {lesson.pk: list(lesson.body.raw_data) for lesson in LessonPage.objects.all()}
    courses = {
        course.pk: (
            sorted(course.tags.names()),
            sorted(course.course_competences.values_list("competence__code", "target_level")),
            sorted(course.prerequisites.values_list("pk", flat=True)),
            course.learning_goals,
        )
        for course in CoursePage.objects.all()
    }
    return pages, bodies, courses


def test_seeding_twice_creates_and_changes_nothing(seeded):
    first = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == first


def test_block_ids_are_stable_and_unique():
    lesson = DATA.courses[0]["lessons"][2]
    body = pages.lesson_body("e-akte-grundlagen", lesson, None)
    assert body == pages.lesson_body("e-akte-grundlagen", lesson, None)
    ids = [block["id"] for block in body]
    for block in body:
        for question in block["value"].get("questions", []) if isinstance(block["value"], dict) else []:
            ids.append(question["id"])
            ids += [answer["id"] for answer in question["value"]["answers"]]
    assert len(ids) == len(set(ids))


def test_a_lesson_with_its_video_shows_it_first_and_is_completed_by_watching():
    lesson = next(lesson for course in DATA.courses for lesson in course["lessons"] if lesson.get("video"))
    video = SimpleNamespace(pk=7, title="E-Akte: Ein Dokument ablegen")
    fields = pages.lesson_fields("e-akte-grundlagen", lesson, video)
    assert fields["completion_rule"] == LessonPage.Rule.VIDEO
    assert fields["body"][0]["type"] == "video" and fields["body"][0]["value"]["video"] == 7
    without = pages.lesson_fields("e-akte-grundlagen", lesson)
    assert without["completion_rule"] == LessonPage.Rule.READ
    assert [block["type"] for block in without["body"]] == [block["type"] for block in fields["body"][1:]]


def test_content_data_is_consistent():
    course_slugs = [course["slug"] for course in DATA.courses]
    assert len(course_slugs) == len(set(course_slugs))
    programmes = {programme["slug"] for programme in DATA.programmes}
    named_videos = set()
    for position, course in enumerate(DATA.courses):
        assert course["programme"] in programmes
        assert set(course["prerequisites"]) <= set(course_slugs[:position]), "prerequisites come first"
        lesson_slugs = [lesson["slug"] for lesson in course["lessons"]]
        assert len(lesson_slugs) == len(set(lesson_slugs)), course["slug"]
        for lesson in course["lessons"]:
            assert lesson["rule"] in {"read", "quiz"}
            assert (lesson["rule"] == "quiz") == ("check" in lesson), lesson["slug"]
            if "video" in lesson:
                named_videos.add(lesson["video"])
    assert named_videos == set(DATA.videos)
    titles = {video["title"] for video in DATA.videos.values()}
    assert {
        "E-Akte: Ein Dokument ablegen",
        "Videoberatung: So starten Sie den Termin",
        "Verschlüsselte E-Mail senden",
    } <= titles


def seconds(hours, minutes, secs, millis):
    return int(hours) * 3600 + int(minutes) * 60 + int(secs) + int(millis) / 1000


def parse_webvtt(text):
    """A strict reading of the WebVTT subset we write: header, then cues of timing line and text lines.
    Returns [(start, end, text)]; raises AssertionError on anything else."""
    header, *blocks = text.strip("\n").split("\n\n")
    assert header == "WEBVTT"
    cues = []
    for block in blocks:
        lines = block.split("\n")
        if "-->" not in lines[0]:
            lines = lines[1:]  # an optional cue identifier
        match = TIMING.match(lines[0])
        assert match, f"bad timing line: {lines[0]!r}"
        start, end = seconds(*match.groups()[:4]), seconds(*match.groups()[4:])
        assert start < end
        assert len(lines) > 1 and all(line.strip() and "-->" not in line for line in lines[1:])
        cues.append((start, end, " ".join(lines[1:])))
    return cues


@pytest.mark.parametrize("key", sorted(DATA.videos))
def test_captions_chapters_and_transcript(key):
    video = DATA.videos[key]
    assert 15 <= video["seconds"] <= 25
    cues = parse_webvtt(video["captions"])
    assert len(cues) >= 3
    starts = [start for start, _end, _text in cues]
    assert starts == sorted(starts)
    assert all(previous_end <= start for (_s, previous_end, _t), start in zip(cues, starts[1:], strict=False))
    assert cues[-1][1] <= video["seconds"]
    chapter_starts = [start for _title, start in video["chapters"]]
    assert chapter_starts[0] == 0 and chapter_starts == sorted(set(chapter_starts))
    assert chapter_starts[-1] < video["seconds"]
    # The transcript carries every caption, so a reader without sound misses nothing.
    transcript = " ".join(video["transcript"].split())
    assert all(text in transcript for _start, _end, text in cues)


def test_parse_webvtt_rejects_bad_timings():
    with pytest.raises(AssertionError):
        parse_webvtt("WEBVTT\n\n00:00:04.000 --> 00:00:01.000\nRückwärts\n")
    with pytest.raises(AssertionError):
        parse_webvtt("WEBVTT\n\n0:00:01,000 --> 0:00:04,000\nSRT-Format\n")


def test_make_demo_video_renders_an_mp4_of_the_requested_length(tmp_path):
    spec = DATA.videos["e-akte-ablegen"]
    path = media.make_demo_video(
        tmp_path / "videos" / "e-akte.mp4", title=spec["title"], lines=spec["lines"], seconds=16
    )
    assert path.read_bytes()[4:8] == b"ftyp"
    probe = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    ).stderr
    duration = re.search(r"Duration: (\d{2}):(\d{2}):(\d{2})\.(\d{2})", probe)
    assert duration, probe
    hours, minutes, secs, hundredths = duration.groups()
    assert abs(int(hours) * 3600 + int(minutes) * 60 + int(secs) + int(hundredths) / 100 - 16) < 0.5
    assert re.search(r"Video: h264.*640x360", probe) and "Audio: aac" in probe, probe
    assert [p.name for p in path.parent.iterdir()] == ["e-akte.mp4"]


def test_make_demo_video_says_clearly_when_the_font_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(media, "FONT", tmp_path / "DejaVuSans.ttf")
    with pytest.raises(media.DemoMediaError, match="fonts-dejavu-core"):
        media.make_demo_video(tmp_path / "x.mp4", title="Test", lines=["Zeile"], seconds=15)
    assert not (tmp_path / "x.mp4").exists()


def test_the_demo_ships_both_privacy_notices_and_the_impressum(seeded, client):
    for model in (StaffPrivacyNoticePage, PublicPrivacyNoticePage, ImprintPage):
        assert model.objects.live().filter(locale__language_code="de").count() == 1, model
    home = client.get("/").content.decode()
    assert (
        'href="/datenschutz/">Datenschutzhinweise</a>' in home and 'href="/impressum/">Impressum</a>' in home
    )

    public = client.get("/datenschutz/").content.decode()
    for text in (
        "keine Cookies",
        "Protokoll-Datei",
        "Barriere melden",
        "datenschutz@jobcenter-musterkreis.example",
    ):
        assert text in public, text
    assert "§ 5 Digitale-Dienste-Gesetz" in client.get("/impressum/").content.decode()

    client.force_login(UserFactory(groups=["Lernende"]))
    staff = client.get("/lernen/datenschutz/").content.decode()
    expected = [
        "Wer ist verantwortlich?",
        "§ 26 BDSG",
        "Art. 88 DSGVO",
        "Art. 6 Abs. 1 Buchstabe a DSGVO",
        "Die Koordination</b> (Personalentwicklung) sieht nur bei Pflichtschulungen",
        "nicht zur Leistungs- oder Verhaltenskontrolle",
        'href="/lernen/meine-daten/"',
        "Art. 21 DSGVO",
        "Kontakt zum Datenschutz",
        "Beschwerde bei der Aufsichtsbehörde",
    ]
    assert [text for text in expected if text not in staff] == []
    assert 'href="/lernen/datenschutz/">Datenschutzhinweise für Beschäftigte</a>' in staff
