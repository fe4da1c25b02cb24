"""Access rules of issue 13 (Build point 6 and 8): enrolling, the portal's restriction, the page cache and the
admin host, and refusals inside the Wagtail admin in the access log."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from learning.models import Enrolment
from tests.factories import CoursePageFactory, UserFactory

pytestmark = pytest.mark.django_db


# Enrolling follows the course's view restrictions, as the lesson views do.


@pytest.fixture
def bass_course(catalog_page):
    course = CoursePageFactory(parent=catalog_page, title="BASS: Wissenschaftliches Arbeiten")
    restriction = PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="BASS-Studierende"))
    return course


def test_a_course_restricted_to_another_group_cannot_be_enrolled_in(client, learner, bass_course):
    client.force_login(learner)
    response = client.post(f"/lernen/einschreiben/{bass_course.pk}/")
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht." in response.content.decode()
    assert not Enrolment.objects.exists()


def test_the_group_the_course_is_for_may_enrol(client, bass_course):
    student = UserFactory(username="bassi", groups=["BASS-Studierende"])
    client.force_login(student)
    response = client.post(f"/lernen/einschreiben/{bass_course.pk}/")
    assert response.status_code == 302
    assert Enrolment.objects.filter(user=student, course=bass_course).exists()


def test_an_open_course_below_the_portal_may_still_be_enrolled_in(client, learner, catalog_page):
    course = CoursePageFactory(parent=catalog_page, title="E-Akte im Jobcenter: Grundlagen")
    client.force_login(learner)
    assert client.post(f"/lernen/einschreiben/{course.pk}/").status_code == 302
    assert Enrolment.objects.filter(user=learner, course=course).exists()


# The public page cache keys only on the query parameters that public pages read.


def stored_pages():
    from django.core.cache import caches

    return [key for key in caches["pages"]._cache if "public-page:" in key]  # the test settings' LocMemCache


def random_query(rng):
    alphabet = "abcdefghijklmnopqrstuvwxyzäöü0123456789-_.%"
    pairs = []
    for _ in range(rng.randint(1, 4)):
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        pairs.append(f"{name}={value}")
    return "&".join(pairs)


def test_a_thousand_random_query_strings_leave_at_most_one_entry(
    client, home_page, django_assert_num_queries
):
    import random

    rng = random.Random(13)
    plain = client.get("/").content
    for _ in range(1000):
        with django_assert_num_queries(0):
            response = client.get(f"/?{random_query(rng)}")
        assert response.status_code == 200 and response.content == plain
    assert len(stored_pages()) == 1


def test_unknown_parameters_are_rendered_but_never_stored_while_the_page_is_not_cached(client, home_page):
    for number in range(20):
        assert client.get(f"/?utm_source=kampagne{number}").status_code == 200
    assert stored_pages() == []
    client.get("/")
    assert len(stored_pages()) == 1


def test_the_thanks_after_feedback_keep_their_own_entry(client, statement_page):
    plain = client.get("/barrierefreiheit/").content.decode()
    thanks = client.get("/barrierefreiheit/?gesendet=1").content.decode()
    assert thanks != plain
    assert len(stored_pages()) == 2
    # Another value, or a further parameter, is served as the page would render it and stores nothing new.
    assert client.get("/barrierefreiheit/?gesendet=ja").content.decode() == plain
    assert client.get("/barrierefreiheit/?gesendet=1&x=1").content.decode() == thanks
    assert client.get("/barrierefreiheit/?gesendet=1&gesendet=2").content.decode() == plain
    assert len(stored_pages()) == 2
