"""An editor builds a course and a lesson with every block through the Wagtail admin; publishing checks."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.models import (
    CatalogPage,
    Competence,
    CoursePage,
    HomePage,
    LessonPage,
    PortalPage,
    ProgrammePage,
)
from tests.factories import CaptionTrackFactory, CoursePageFactory, VideoFactory

pytestmark = pytest.mark.django_db


def list_block(items):
    """ListBlock form data, the way Wagtail's admin posts it."""
    data = {"count": len(items)}
    for index, item in enumerate(items):
        data[index] = {"value": item, "deleted": "", "order": index, "id": ""}
    return data


def question(kind, prompt, answers, explanation="", shuffle=True):
    return {
        "kind": kind,
        "prompt": prompt,
        "explanation": explanation,
        "shuffle": "on" if shuffle else "",
        "answers": list_block(
            [
                {"text": text, "correct": "on" if correct else "", "feedback": feedback}
                for text, correct, feedback in answers
            ]
        ),
    }


@pytest.fixture
def document():
    return Document.objects.create(
        title="Checkliste E-Mail", file=ContentFile(b"%PDF-1.4 demo", name="checkliste.pdf")
    )


def lesson_form(video, document, publish=True, title="Verschlüsselt senden"):
    data = nested_form_data(
        {
            "title": title,
            "slug": "verschluesselt-senden",
            "intro": "So senden Sie Sozialdaten sicher.",
            "body": streamfield(
                [
                    ("video", {"video": video.pk, "caption": "So geht es"}),
                    ("text", rich_text("<p>Sozialdaten sind besonders geschützt.</p>")),
                    (
                        "knowledge_check",
                        {
                            "title": "Wissenscheck",
                            "intro": "",
                            "pass_mark": 80,
                            "questions": list_block(
                                [
                                    question(
                                        "single",
                                        "Wie senden Sie Sozialdaten?",
                                        [
                                            ("Verschlüsselt", True, "Richtig."),
                                            ("Offen", False, "Nie offen senden."),
                                        ],
                                    ),
                                    question(
                                        "multiple",
                                        "Was gehört zu Sozialdaten?",
                                        [
                                            ("Name", True, ""),
                                            ("Kundennummer", True, ""),
                                            ("Wetter", False, "Nein."),
                                        ],
                                    ),
                                ]
                            ),
                        },
                    ),
                    ("download", {"document": document.pk, "title": "", "description": "Zum Ausdrucken"}),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Achtung",
                            "text": rich_text("<p>Nie offen senden.</p>"),
                        },
                    ),
                    (
                        "steps",
                        {
                            "title": "Schritt für Schritt",
                            "steps": list_block(
                                [{"title": "Postfach öffnen", "text": ""}, {"title": "Senden", "text": ""}]
                            ),
                        },
                    ),
                ]
            ),
            "completion_rule": "video",
            "required": "on",
            "estimated_minutes": 12,
            "tags": "E-Mail, Datenschutz",
            "comments": inline_formset([]),
        }
    )
    if publish:
        data["action-publish"] = "action-publish"
    return data


def course_form(competence, **fields):
    """The course editor's form data as the admin posts it; `fields` replace single values."""
    data = nested_form_data(
        {
            "title": "Verschlüsselte E-Mail: Sozialdaten sicher übermitteln",
            "slug": "verschluesselte-e-mail",
            "summary": "Sie senden Sozialdaten nur verschlüsselt.",
            "audience": "Alle Beschäftigten",
            "programme": "",
            "estimated_minutes": 30,
            "tags": "E-Mail",
            "learning_goals": rich_text("<ul><li>Verschlüsselt senden</li></ul>"),
            "course_competences": inline_formset([{"competence": competence.pk, "target_level": 3}]),
            "completion_rule": "all",
            "certificate_enabled": "on",
            "certificate_validity_months": "",
            "check_max_failed_attempts": "",
            "check_wait_minutes": 10,
            "check_feedback": "immediately",
            "comments": inline_formset([]),
            # The dates of the course (courses.models.dates): none here.
            "termine": inline_formset([]),
        }
    )
    data.update(fields)
    data["action-publish"] = "action-publish"
    return data


def test_editor_creates_a_course_and_a_lesson_with_every_block(client, editor, catalog_page, document):
    video = VideoFactory(
        title="Verschlüsselte E-Mail", processing_state="ready", duration=20, transcript="Text"
    )
    CaptionTrackFactory(video=video)
    client.force_login(editor)
    competence = Competence.objects.get(code="4.2")
    course_data = course_form(competence)
    response = client.post(f"/admin/pages/add/courses/coursepage/{catalog_page.pk}/", course_data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    course = CoursePage.objects.get(slug="verschluesselte-e-mail")
    assert course.live and course.course_competences.get().competence == competence

    response = client.post(f"/admin/pages/add/courses/lessonpage/{course.pk}/", lesson_form(video, document))
    assert response.status_code == 302, response.context["form"].errors
    lesson = LessonPage.objects.get(title="Verschlüsselt senden")
    assert lesson.live
    assert [block.block_type for block in lesson.body] == [
        "video",
        "text",
        "knowledge_check",
        "download",
        "callout",
        "steps",
    ]
    assert lesson.video == video
    assert len(lesson.knowledge_check.value["questions"]) == 2
    assert set(lesson.tags.names()) == {"E-Mail", "Datenschutz"}

    # What anna would see: every block rendered, no answer key.
    html = client.get(lesson.url).content.decode()
    for text in ("Sozialdaten sind besonders geschützt.", "Wie senden Sie Sozialdaten?", "Checkliste E-Mail",
                 "Achtung", "Postfach öffnen", 'kind="captions"'):  # fmt: skip
        assert text in html
    assert "Nie offen senden." in html  # the callout, not the answer feedback:
    assert html.count("Nie offen senden.") == 1


def test_a_lesson_with_an_uncaptioned_video_cannot_be_published(client, editor, catalog_page, document):
    video = VideoFactory(title="Videoberatung starten", processing_state="ready", duration=20)
    course = CoursePageFactory(parent=catalog_page)
    client.force_login(editor)
    response = client.post(f"/admin/pages/add/courses/lessonpage/{course.pk}/", lesson_form(video, document))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Das Video „Videoberatung starten“ hat keine Untertitel." in html
    # A link to where the captions are added, as a link (a form-wide error would show it as markup).
    assert f'<a href="/admin/media/edit/{video.pk}/">Video bearbeiten</a>' in html
    assert "&lt;a href" not in html
    # The refusal only: the body as entered has the video block that the completion rule needs.
    assert "braucht die Lektion einen Video-Block" not in html
    assert not LessonPage.objects.filter(live=True, title="Verschlüsselt senden").exists()

    # As a draft it may be saved; once captions exist it can be published.
    response = client.post(
        f"/admin/pages/add/courses/lessonpage/{course.pk}/", lesson_form(video, document, publish=False)
    )
    assert response.status_code == 302
    draft = LessonPage.objects.get(title="Verschlüsselt senden")
    assert not draft.live
    CaptionTrackFactory(video=video)
    response = client.post(f"/admin/pages/{draft.pk}/edit/", lesson_form(video, document))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live


def test_an_invalid_question_is_refused_in_german(client, editor, catalog_page, document):
    video = VideoFactory(processing_state="ready", duration=20)
    CaptionTrackFactory(video=video)
    course = CoursePageFactory(parent=catalog_page)
    data = lesson_form(video, document)
    # Single choice with two correct answers.
    data["body-2-value-questions-0-value-answers-1-value-correct"] = "on"
    client.force_login(editor)
    response = client.post(f"/admin/pages/add/courses/lessonpage/{course.pk}/", data)
    assert response.status_code == 200
    assert "Bei dieser Frage muss genau eine Antwort als richtig markiert sein." in response.content.decode()
    assert not LessonPage.objects.exists()


@pytest.mark.parametrize(
    ("page_class", "fields"),
    [
        (HomePage, {"intro"}),
        (PortalPage, {"intro"}),
        (CatalogPage, {"intro"}),
        (ProgrammePage, {"intro", "audience"}),
        (CoursePage, {"audience"}),
    ],
)
def test_shared_fields_bring_their_panels_to_every_page_type(page_class, fields):
    form_fields = page_class.get_edit_handler().get_form_class().base_fields
    assert fields <= set(form_fields)


def test_editor_sets_an_attempt_policy_for_the_courses_checks(client, editor, catalog_page):
    client.force_login(editor)
    data = course_form(
        Competence.objects.get(code="4.2"),
        check_max_failed_attempts="3",
        check_wait_minutes="10",
        check_feedback="after_passing_or_last",
    )
    response = client.post(f"/admin/pages/add/courses/coursepage/{catalog_page.pk}/", data)
    assert response.status_code == 302
    policy = CoursePage.objects.get(slug="verschluesselte-e-mail").check_policy
    assert (policy.max_failed, policy.wait_minutes, policy.feedback) == (3, 10, "after_passing_or_last")
    assert policy.limited

    html = client.get(f"/admin/pages/add/courses/coursepage/{catalog_page.pk}/").content.decode()
    for label in ("Wissenschecks: Versuche und Auswertung", "Fehlversuche bis zur Wartezeit",
                  "Wartezeit in Minuten", "Erst nach dem Bestehen"):  # fmt: skip
        assert label in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"check_wait_minutes": "-5"}, "Die Wartezeit kann nicht negativ sein."),
        ({"check_wait_minutes": "20000"}, "höchstens eine Woche (10080 Minuten)"),
        (
            {"check_max_failed_attempts": "0"},
            "Geben Sie mindestens 1 Versuch an oder lassen Sie das Feld leer.",
        ),
        (
            {"check_max_failed_attempts": "-1"},
            "Geben Sie mindestens 1 Versuch an oder lassen Sie das Feld leer.",
        ),
        (
            {"check_max_failed_attempts": "3", "check_wait_minutes": "0"},
            "Mit einer Zahl von Fehlversuchen braucht es eine Wartezeit von mindestens 1 Minute.",
        ),
        ({"check_feedback": "never"}, "ist keine gültige Auswahl"),
    ],
)
def test_a_bad_attempt_policy_is_refused_in_german(client, editor, catalog_page, fields, message):
    client.force_login(editor)
    data = course_form(Competence.objects.get(code="4.2"), **fields)
    response = client.post(f"/admin/pages/add/courses/coursepage/{catalog_page.pk}/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CoursePage.objects.filter(slug="verschluesselte-e-mail").exists()


def test_without_a_number_of_attempts_the_waiting_time_may_be_zero(client, editor, catalog_page):
    client.force_login(editor)
    data = course_form(Competence.objects.get(code="4.2"), check_wait_minutes="0")
    response = client.post(f"/admin/pages/add/courses/coursepage/{catalog_page.pk}/", data)
    assert response.status_code == 302
    assert not CoursePage.objects.get(slug="verschluesselte-e-mail").check_policy.limited
