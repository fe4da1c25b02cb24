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
