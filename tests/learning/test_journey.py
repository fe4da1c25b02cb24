"""Issue 14, point 4: the learner finds the next step: first lesson, next lesson, resume, certificate, status."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learning import completion, requirements
from learning.models import Certificate, Enrolment, LessonProgress, StaffProfile
from tests.factories import CoursePageFactory, LessonPageFactory, TrainingRequirementFactory

pytestmark = pytest.mark.django_db


def make_course(catalog_page, title, lessons=3, **fields):
    course = CoursePageFactory(parent=catalog_page, title=title, **fields)
    for number in range(lessons):
        LessonPageFactory(parent=course, title=f"{title} – Lektion {number + 1}")
    return course


def lessons_of(course):
    return list(course.get_children().live().specific().order_by("path"))


def finish(user, lesson):
    completion.complete_lesson(user, lesson, completion.Evidence(lesson.completion_rule))


def test_after_enrolling_the_course_page_offers_lesson_1(client, learner, catalog_page):
    course = make_course(catalog_page, "E-Akte im Jobcenter: Grundlagen")
    first = lessons_of(course)[0]
    client.force_login(learner)
    response = client.post(reverse("enrol", args=[course.pk]), follow=True)
    html = response.content.decode()
    assert "Sie sind jetzt für diesen Kurs eingeschrieben. Beginnen Sie mit Lektion 1." in html
    assert "Mit Lektion 1 beginnen" in html
    assert f'href="{first.url}"><span class="kern-label">Mit Lektion 1 beginnen' in html
    assert "eingeschrieben" in html


def test_course_page_offers_next_lesson_and_where_i_stopped(client, learner, catalog_page):
    course = make_course(catalog_page, "Videoberatung", lessons=5)
    lessons = lessons_of(course)
    completion.enrol(learner, course)
    finish(learner, lessons[0])
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert "Mit Lektion 1 beginnen" not in html
    assert "Nächste Lektion: Lektion 2 von 5" in html and f'href="{lessons[1].url}"' in html

    # A video begun in lesson 4: the page leads back there first, and still names lesson 2 as next.
    LessonProgress.objects.create(user=learner, lesson=lessons[3], position=83, coverage=0.4)
    html = client.get(course.url).content.decode()
    resume_at = html.index("Weiter, wo Sie aufgehört haben")
    assert f'href="{lessons[3].url}"' in html[resume_at - 200 : resume_at]
    assert "Lektion 4 von 5: „Videoberatung – Lektion 4“" in html
    assert "Nächste Lektion: Lektion 2 von 5" in html


def test_lesson_page_says_which_lesson_and_leads_on(client, learner, catalog_page):
    course = make_course(catalog_page, "Phishing erkennen", lessons=3)
    lessons = lessons_of(course)
    client.force_login(learner)
    html = client.get(lessons[1].url).content.decode()
    assert "Lektion 2 von 3" in html
    next_at = html.index(">Nächste Lektion<")
    assert f'href="{lessons[2].url}"' in html[next_at - 200 : next_at]
    assert "Lektion 3 von 3: „Phishing erkennen – Lektion 3“" in html
    last = client.get(lessons[2].url).content.decode()
    assert "Lektion 3 von 3" in last and ">Nächste Lektion<" not in last
    assert "Zum Kursabschluss und Zertifikat" in last and f'href="{course.url}"' in last


def test_weiterlernen_names_every_course_in_progress(client, learner, portal_page, catalog_page):
    # A third of the course done by reading, no video begun: "in progress" all the same.
    read = make_course(catalog_page, "Barrierefreie Dokumente", lessons=3)
    completion.enrol(learner, read)
    finish(learner, lessons_of(read)[0])
    # A video stopped half way in another course.
    video = make_course(catalog_page, "Teams-Räume", lessons=2)
    completion.enrol(learner, video)
    LessonProgress.objects.create(user=learner, lesson=lessons_of(video)[1], position=30, coverage=0.5)
    # Enrolled, nothing done yet.
    fresh = make_course(catalog_page, "KI im Verwaltungsalltag", lessons=2)
    completion.enrol(learner, fresh)

    client.force_login(learner)
    html = client.get(portal_page.url).content.decode()
    section = html[html.index('id="resume-heading"') : html.index('id="progress-heading"')]
    assert "keine angefangene Lektion" not in section
    assert "Weiter mit „Barrierefreie Dokumente – Lektion 2“" in section
    assert "Barrierefreie Dokumente, Lektion 2 von 3" in section
    assert "Weiter mit „Teams-Räume – Lektion 2“" in section and "50 % angesehen" in section
    assert "Weiter mit „KI im Verwaltungsalltag – Lektion 1“" in section
    # The one worked on last comes first.
    assert section.index("Teams-Räume") < section.index("Barrierefreie Dokumente")


def test_completed_course_links_its_certificate(client, learner, catalog_page, portal_page):
    course = make_course(catalog_page, "Datenschutz", lessons=1, certificate_validity_months=None)
    enrolment = completion.enrol(learner, course)
    client.force_login(learner)
    finish(learner, lessons_of(course)[0])
    completion.update_course_completion(learner.pk, course.pk)
    waiting = client.get(course.url).content.decode()
    assert "Kurs abgeschlossen" in waiting and "Ihr Zertifikat wird gerade erstellt." in waiting

    certificate = completion.issue_certificate(enrolment.pk)
    html = client.get(course.url).content.decode()
    assert f'href="{certificate.get_download_url()}"' in html
    assert f'href="{certificate.get_verification_url()}"' in html
    assert "Ihr Zertifikat gilt ohne Ablaufdatum." in html
    assert "unbefristet" not in html and "Gültig bis: ohne" not in html
    assert client.get(certificate.get_download_url())["Content-Type"] == "application/pdf"


def test_certificate_with_expiry_says_until_when(client, learner, catalog_page):
    course = make_course(catalog_page, "Unterweisung", lessons=1, certificate_validity_months=12)
    enrolment = completion.enrol(learner, course)
    finish(learner, lessons_of(course)[0])
    completion.update_course_completion(learner.pk, course.pk)
    certificate = completion.issue_certificate(enrolment.pk)
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    date = certificate.valid_until
    assert f"Ihr Zertifikat gilt bis {date.day}. " in html and str(date.year) in html
    # A revoked certificate is not offered.
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now())
    assert certificate.get_download_url() not in client.get(course.url).content.decode()


def card_of(html, title):
    start = html.index(f">{title}</a>")
    return html[start : html.index("</article>", start)]


def test_catalogue_cards_show_my_status(client, learner, catalog_page):
    enrolled = make_course(catalog_page, "Kurs A eingeschrieben", lessons=1)
    done = make_course(catalog_page, "Kurs B abgeschlossen", lessons=1)
    due = make_course(catalog_page, "Kurs C Pflicht", lessons=1)
    untouched = make_course(catalog_page, "Kurs D offen", lessons=1)
    completion.enrol(learner, enrolled)
    completion.enrol(learner, done)
    Enrolment.objects.filter(user=learner, course=done).update(completed_at=timezone.now())
    StaffProfile.objects.create(user=learner)
    requirements.sync(TrainingRequirementFactory(course=due, first_due_days=5))

    client.force_login(learner)
    html = client.get(catalog_page.url).content.decode()
    assert "eingeschrieben" in card_of(html, enrolled.title)
    assert "abgeschlossen" in card_of(html, done.title)
    due_on = timezone.localdate() + datetime.timedelta(days=5)
    assert f"fällig bis {due_on.day}." in card_of(html, due.title)
    assert "data-course-status" not in card_of(html, untouched.title)

    # The course page says the same.
    assert "eingeschrieben" in client.get(enrolled.url).content.decode()
    assert "Kurs abgeschlossen" in client.get(done.url).content.decode()


def test_nobody_sees_anothers_status_on_the_cards(client, learner, catalog_page):
    from tests.factories import UserFactory

    course = make_course(catalog_page, "Kurs von Anna", lessons=1)
    completion.enrol(learner, course)
    other = UserFactory(username="bert", groups=["Lernende"])
    client.force_login(other)
    assert "data-course-status" not in card_of(client.get(catalog_page.url).content.decode(), course.title)


@pytest.mark.parametrize("count", [1, 50])
def test_catalogue_with_statuses_keeps_its_query_budget(
    client, learner, catalog_page, count, django_assert_max_num_queries
):
    for number in range(count):
        if number == 0:
            StaffProfile.objects.create(user=learner)
        course = CoursePageFactory(parent=catalog_page, title=f"Kurs {number:03d}")
        enrolment = completion.enrol(learner, course)
        if number % 2:
            Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())
        if number % 3 == 0:
            requirements.sync(TrainingRequirementFactory(course=course, first_due_days=5))
    client.force_login(learner)
    with django_assert_max_num_queries(31):  # as with no enrolments (tests/courses/test_catalog.py)
        response = client.get(catalog_page.url)
    html = response.content.decode()
    assert html.count("data-course-status") == min(count, 12)


@pytest.mark.parametrize("count", [1, 50])
def test_course_page_with_next_steps_keeps_its_query_budget(
    client, learner, catalog_page, count, django_assert_max_num_queries
):
    course = make_course(catalog_page, "Kurs mit vielen Lektionen", lessons=count)
    lessons = lessons_of(course)
    completion.enrol(learner, course)
    for lesson in lessons[: count // 2]:
        finish(learner, lesson)
    LessonProgress.objects.create(user=learner, lesson=lessons[-1], position=12, coverage=0.2)
    client.force_login(learner)
    # The unenrolled page's 30 (tests/courses/test_catalog.py) and a constant few for the enrolment,
    # lessons done, mandatory cycles and where the person stopped.
    with django_assert_max_num_queries(34):
        response = client.get(course.url)
    assert "Weiter, wo Sie aufgehört haben" in response.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_my_learning_with_weiterlernen_keeps_its_query_budget(
    client, learner, portal_page, catalog_page, count, django_assert_max_num_queries
):
    for number in range(count):
        course = make_course(catalog_page, f"Kurs {number:03d}", lessons=2)
        completion.enrol(learner, course)
        LessonProgress.objects.create(user=learner, lesson=lessons_of(course)[1], position=5, coverage=0.1)
    client.force_login(learner)
    # Two of these are fixed: my upcoming dates and the dates I train (learning.termine).
    with django_assert_max_num_queries(33):
        response = client.get(portal_page.url)
    assert response.content.decode().count("Weiter mit „") == count


@pytest.fixture
def bass(catalog_page, portal_page):
    """The BASS programme for the group "BASS-Studierende", a real BASS course and a placeholder module."""
    from django.contrib.auth.models import Group

    from tests.factories import ProgrammePageFactory

    programme = ProgrammePageFactory(
        parent=portal_page,
        title="BASS-Studium",
        slug="bass",
        audience_group=Group.objects.get(name="BASS-Studierende"),
    )
    real = make_course(catalog_page, "Zz BASS Recht im Studium", lessons=1, programme=programme)
    placeholder = make_course(
        catalog_page, "BASS Modul 1 (Platzhalter)", lessons=1, programme=programme, placeholder=True
    )
    other = make_course(catalog_page, "Aa Datenschutz für alle", lessons=1)
    return {"programme": programme, "real": real, "placeholder": placeholder, "other": other}


@pytest.fixture
def bassi(db):
    from tests.factories import UserFactory

    return UserFactory(username="bassi", groups=["Lernende", "BASS-Studierende"])


def result_titles(response):
    return [course.title for course in response.context["results"]]


def test_placeholder_is_hidden_from_other_staff_everywhere(client, learner, bass, portal_page):
    placeholder = bass["placeholder"]
    lesson = lessons_of(placeholder)[0]
    client.force_login(learner)
    catalogue = client.get(bass["other"].get_parent().url)
    assert placeholder.title not in result_titles(catalogue)
    assert bass["real"].title in result_titles(catalogue)  # the programme's other courses are for everyone
    search = client.get(bass["other"].get_parent().url, {"q": "Modul"})
    assert placeholder.title not in result_titles(search)
    assert placeholder.title not in client.get(bass["programme"].url).content.decode()
    assert placeholder.title not in client.get(portal_page.url).content.decode()  # not suggested
    assert client.get(placeholder.url).status_code == 404
    assert client.get(lesson.url).status_code == 404
    assert client.post(reverse("enrol", args=[placeholder.pk])).status_code == 404
    assert client.post(reverse("mark_read", args=[lesson.pk])).status_code == 404
    assert not Enrolment.objects.filter(course=placeholder).exists()


def test_bass_students_see_placeholders_and_their_programme_first(client, bassi, bass, portal_page):
    client.force_login(bassi)
    catalogue = client.get(bass["other"].get_parent().url)
    titles = result_titles(catalogue)
    # BASS first (alphabetically among themselves), then the rest, however the titles sort.
    assert titles == ["BASS Modul 1 (Platzhalter)", "Zz BASS Recht im Studium", "Aa Datenschutz für alle"]
    assert client.get(bass["placeholder"].url).status_code == 200
    assert client.get(lessons_of(bass["placeholder"])[0].url).status_code == 200
    suggested = client.get(portal_page.url).content.decode()
    section = suggested[suggested.index('id="suggestions-heading"') :]
    assert section.index("BASS Modul 1") < section.index("Aa Datenschutz für alle")
    client.post(reverse("enrol", args=[bass["placeholder"].pk]))
    assert Enrolment.objects.filter(user=bassi, course=bass["placeholder"]).exists()


def test_an_earlier_enrolment_in_a_placeholder_stays_out_of_my_learning(client, learner, bass, portal_page):
    Enrolment.objects.create(user=learner, course=bass["placeholder"])
    client.force_login(learner)
    assert bass["placeholder"].title not in client.get(portal_page.url).content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_catalogue_with_audience_order_keeps_its_query_budget(
    client, bassi, bass, catalog_page, count, django_assert_max_num_queries
):
    for number in range(count):
        CoursePageFactory(
            parent=catalog_page,
            title=f"Kurs {number:03d}",
            programme=bass["programme"],
            placeholder=number % 2 == 0,
        )
    client.force_login(bassi)
    with django_assert_max_num_queries(31):
        response = client.get(catalog_page.url)
    assert len(response.context["results"]) == min(count + 3, 12)


def test_demo_shows_bass_placeholders_to_bassi_only_and_first(client):
    from django.core.management import call_command

    from courses.models import CatalogPage, CoursePage

    call_command("seed_demo")
    call_command("seed_demo")  # idempotent: nothing marked or published twice
    placeholders = set(CoursePage.objects.live().filter(placeholder=True).values_list("title", flat=True))
    assert placeholders and all("(Platzhalter)" in title for title in placeholders)
    catalogue = CatalogPage.objects.live().get().url
    client.login(username="anna", password="lernhafen-demo")
    anna_titles = result_titles(client.get(catalogue))
    assert anna_titles and not placeholders & set(anna_titles)
    client.login(username="bassi", password="lernhafen-demo")
    bassi_titles = result_titles(client.get(catalogue))
    assert set(bassi_titles[: len(placeholders)]) == placeholders
