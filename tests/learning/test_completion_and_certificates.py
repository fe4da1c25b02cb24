"""Lesson and course completion, quiz attempts, certificates (PDF by a real worker) and their privacy."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from courses.models import CoursePage, LessonPage
from learning import completion
from learning.models import Certificate, Enrolment, LessonProgress, QuizAttempt
from tests.factories import CoursePageFactory, LessonPageFactory, UserFactory, knowledge_check_block


@pytest.fixture
def course(catalog_page):
    course = CoursePageFactory(
        parent=catalog_page,
        title="Verschlüsselte E-Mail: Sozialdaten sicher übermitteln",
        certificate_validity_months=12,
    )
    LessonPageFactory(parent=course, title="Warum verschlüsseln?")
    LessonPageFactory(
        parent=course,
        title="Wissenscheck",
        completion_rule=LessonPage.Rule.QUIZ,
        body=[knowledge_check_block()],
    )
    return course


def lessons(course):
    return list(LessonPage.objects.child_of(course).order_by("path"))


def answer_key(lesson, correct=True):
    data = {}
    for question in lesson.knowledge_check.value["questions"].bound_blocks:
        ids = [a.id for a in question.value["answers"].bound_blocks if a.value["correct"] == correct]
        data[f"q-{question.id}"] = ids if question.value["kind"] == "multiple" else ids[:1]
    return data


@pytest.mark.django_db
def test_marking_read_completes_the_lesson_once(client, learner, course):
    read, _check = lessons(course)
    client.force_login(learner)
    response = client.post(f"/lernen/lektion/{read.pk}/gelesen/", follow=True)
    assert "Die Lektion ist als gelesen markiert." in response.content.decode()
    assert LessonProgress.objects.get(user=learner, lesson=read).completed_at is not None
    assert Enrolment.objects.filter(user=learner, course=course).count() == 1
    client.post(f"/lernen/lektion/{read.pk}/gelesen/")
    assert LessonProgress.objects.filter(user=learner, lesson=read).count() == 1


@pytest.mark.django_db
def test_only_a_lesson_completed_by_reading_offers_the_read_button(client, learner, course):
    read, check = lessons(course)
    client.force_login(learner)
    assert "Ich habe die Lektion gelesen" in client.get(read.url).content.decode()
    assert "Ich habe die Lektion gelesen" not in client.get(check.url).content.decode()


@pytest.mark.django_db
def test_quiz_attempts_are_kept_and_a_pass_completes_the_lesson(client, learner, course):
    _read, check = lessons(course)
    client.force_login(learner)
    client.post(check.url, answer_key(check, correct=False))
    assert not LessonProgress.objects.filter(user=learner, lesson=check, completed_at__isnull=False).exists()
    client.post(check.url, answer_key(check))
    attempts = QuizAttempt.objects.filter(user=learner, lesson=check).order_by("submitted_at")
    assert [a.passed for a in attempts] == [False, True]
    assert attempts.last().score == 1.0
    assert LessonProgress.objects.get(user=learner, lesson=check).completed_at is not None


@pytest.mark.django_db
def test_prerequisites_are_enforced_with_the_missing_course_named(client, learner, catalog_page, course):
    advanced = CoursePageFactory(parent=catalog_page, title="Qualifizierung Digitalisierungslotsen")
    advanced.prerequisites.add(course)
    advanced.save_revision().publish()
    client.force_login(learner)
    response = client.post(f"/lernen/einschreiben/{advanced.pk}/", follow=True)
    html = response.content.decode()
    assert (
        "Bitte schließen Sie zuerst diesen Kurs ab: „Verschlüsselte E-Mail: Sozialdaten sicher übermitteln“."
        in html
    )
    assert not Enrolment.objects.filter(user=learner, course=advanced).exists()
    Enrolment.objects.create(user=learner, course=course, completed_at=timezone.now())
    client.post(f"/lernen/einschreiben/{advanced.pk}/")
    assert Enrolment.objects.filter(user=learner, course=advanced).exists()


@pytest.mark.django_db
def test_course_completes_when_every_lesson_is_done(learner, course):
    read, check = lessons(course)
    completion.enrol(learner, course)
    completion.complete_lesson(learner, read, completion.Evidence(read.completion_rule))
    assert completion.update_course_completion(learner.pk, course.pk) is None
    completion.complete_lesson(learner, check, completion.Evidence(check.completion_rule))
    enrolment = completion.update_course_completion(learner.pk, course.pk)
    assert enrolment.completed_at is not None


@pytest.mark.django_db
def test_required_lessons_rule_ignores_optional_lessons(learner, catalog_page):
    course = CoursePageFactory(parent=catalog_page, completion_rule=CoursePage.Completion.REQUIRED_LESSONS)
    required = LessonPageFactory(parent=course)
    LessonPageFactory(parent=course, required=False)
    completion.enrol(learner, course)
    completion.complete_lesson(learner, required, completion.Evidence(required.completion_rule))
    assert completion.update_course_completion(learner.pk, course.pk).completed_at is not None


def complete_everything(user, course):
    enrolment = completion.enrol(user, course)
    for lesson in lessons(course):
        completion.complete_lesson(user, lesson, completion.Evidence(lesson.completion_rule))
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())
    return Enrolment.objects.get(pk=enrolment.pk)


def test_a_real_worker_issues_one_certificate_with_a_pdf(celery_worker, catalog_page, learner, course):
    from learning.tasks import issue_certificate, update_course_completion

    read, check = lessons(course)
    completion.enrol(learner, course)
    completion.complete_lesson(learner, read, completion.Evidence(read.completion_rule))
    completion.complete_lesson(learner, check, completion.Evidence(check.completion_rule))
    assert update_course_completion.delay(learner.pk, course.pk).get(timeout=30)
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.completed_at is not None
    # The completion task enqueued the certificate; running it twice more still leaves one certificate.
    first = issue_certificate.delay(enrolment.pk).get(timeout=60)
    second = issue_certificate.delay(enrolment.pk).get(timeout=60)
    assert first == second
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1
    certificate = Certificate.objects.get(enrolment=enrolment)
    pdf = certificate.pdf.read()
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Anna Becker" in text
    assert "Verschlüsselte E-Mail" in text
    assert certificate.number in text
    assert 365 <= (certificate.valid_until - timezone.localdate(enrolment.completed_at)).days <= 366


@pytest.mark.django_db
def test_reconciliation_repairs_lost_completion_and_certificate(learner, course):
    read, check = lessons(course)
    completion.enrol(learner, course)
    completion.complete_lesson(learner, read, completion.Evidence(read.completion_rule))
    completion.complete_lesson(learner, check, completion.Evidence(check.completion_rule))
    # No task ran (messages lost): the scheduled reconciliation repairs both.
    assert completion.reconcile() >= 1
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.completed_at is not None
    completion.reconcile()
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1


@pytest.mark.django_db
def test_reconciliation_renders_the_pdf_a_killed_worker_left_out_and_only_once(learner, course):
    enrolment = complete_everything(learner, course)
    # What a worker killed while rendering leaves: the row without its PDF, and perhaps the file it was
    # writing when it died (its message comes back only after the broker's visibility timeout).
    certificate = Certificate.objects.create(
        enrolment=enrolment,
        user=learner,
        course=course,
        completed_at=enrolment.completed_at,
        holder_name="Anna Becker",
        course_title=course.title,
    )
    storage = certificate.pdf.storage
    stale = storage.save(f"certificates/{certificate.verification_code}.pdf", io.BytesIO(b"%PDF-1.7 cut off"))
    assert completion.reconcile() >= 1
    certificate.refresh_from_db()
    # The same name: one file per certificate, not a second one beside the cut-off one.
    assert certificate.pdf.name == stale
    assert certificate.pdf.read().rstrip().endswith(b"%%EOF")
    # A redelivered message changes nothing.
    assert completion.issue_certificate(enrolment.pk).pdf.name == stale
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1
    assert storage.listdir("certificates")[1].count(f"{certificate.verification_code}.pdf") == 1


@pytest.mark.django_db
def test_certificate_is_downloadable_only_by_its_owner(client, learner, course):
    certificate = completion.issue_certificate(complete_everything(learner, course).pk)
    other = UserFactory(username="bert")
    client.force_login(other)
    assert client.get(certificate.get_download_url()).status_code == 404
    client.force_login(learner)
    response = client.get(certificate.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.logout()
    assert client.get(certificate.get_download_url()).status_code == 302


@pytest.mark.django_db
def test_verification_page_shows_only_name_course_date_and_validity(client, learner, course):
    enrolment = complete_everything(learner, course)
    QuizAttempt.objects.create(
        user=learner, lesson=lessons(course)[1], check_id="x", score=0.42, passed=False
    )
    certificate = completion.issue_certificate(enrolment.pk)
    response = client.get(certificate.get_verification_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Zertifikat ist echt." in html
    assert "Anna Becker" in html and course.title in html
    for private in ("42 %", "0.42", learner.email, "anna", "Wissenscheck"):
        assert private not in html
    assert client.get("/zertifikat/gibt-es-nicht/").status_code == 404
