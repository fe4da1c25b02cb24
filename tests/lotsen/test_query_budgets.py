"""Query budgets: the Lotsen pages stay within a fixed number of queries at 1 and at 50 items."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learning import completion, privacy
from learning.models import AccessLogEntry
from lotsen import services
from lotsen.models import HelpRequest
from tests.factories import (
    CoachingFactory,
    CoursePageFactory,
    LessonPageFactory,
    LotseFactory,
    OrgUnitFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 50])
def test_lotse_dashboard(client, lotse, catalog_page, count, django_assert_max_num_queries):
    """Coachings are paged by ten, since each consenting colleague's progress costs two queries."""
    course = CoursePageFactory(parent=catalog_page)
    lesson = LessonPageFactory(parent=course)
    for _index in range(count):
        coaching = CoachingFactory(lotse=lotse)
        services.set_consent(coaching, True)
        completion.enrol(coaching.colleague, course)
        completion.complete_lesson(coaching.colleague, lesson, completion.Evidence(lesson.completion_rule))
        SessionFactory(
            coaching=coaching,
            lotse=lotse,
            follow_up="Kurs beginnen",
            follow_up_due=timezone.localdate() + datetime.timedelta(days=3),
        )
        HelpRequest.objects.create(
            requester=coaching.colleague,
            topic="E-Akte",
            message="Hilfe",
            status=HelpRequest.Status.ASSIGNED,
            lotse=lotse,
        )
    for _index in range(count):  # people to hand over to
        LotseFactory(user__last_name="Übergabekandidatin")
    client.force_login(lotse.user)
    client.get(reverse("lotsen:index"))  # the header's landmark links are cached from the first page on
    with django_assert_max_num_queries(38):
        response = client.get(reverse("lotsen:index"))
    assert response.status_code == 200
    # Handing over is a page of its own: the dashboard does not list every other Lotse for every request.
    assert "Übergabekandidatin" not in response.content.decode()
    assert response.content.decode().count("Lernstand freigegeben") == min(count, 10)


@pytest.mark.parametrize("count", [1, 50])
def test_hand_over_page(client, lotse, colleague, unit, count, django_assert_max_num_queries):
    """The page offers at most 20 Lotsen, whatever their number, with their units in one query."""
    for _index in range(count):
        LotseFactory(org_units=[unit, OrgUnitFactory()])
    help_request = HelpRequest.objects.create(
        requester=colleague, topic="E-Akte", message="Hilfe", status=HelpRequest.Status.ASSIGNED, lotse=lotse
    )
    client.force_login(lotse.user)
    url = reverse("lotsen:hand_over", args=[help_request.pk])
    client.get(url)  # the header's landmark links are cached from the first page on
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.content.decode().count('name="to_lotse"') == min(count, 20)


@pytest.mark.parametrize("count", [1, 50])
def test_directory(client, count, django_assert_max_num_queries):
    units = [OrgUnitFactory() for _index in range(3)]
    for _index in range(count):
        LotseFactory(org_units=units, codes=["4.1", "4.2"], tags=["E-Akte", "Videoberatung"])
    client.force_login(UserFactory())
    client.get(reverse("lotsen:index"))  # the header's landmark links are cached from the first page on
    with django_assert_max_num_queries(12):
        response = client.get(reverse("lotsen:index"))
    assert response.content.decode().count("Digi-Sprechstunde dienstags") == min(count, 20)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("lotsen:index"), {"q": "Videoberatung", "seite": 2})
    # Page 2 of 50 matches holds 20; of one match, the last page is its only one.
    assert response.content.decode().count("Digi-Sprechstunde dienstags") == {1: 1, 50: 20}[count]


@pytest.mark.parametrize("count", [1, 50])
def test_my_support(client, colleague, count, django_assert_max_num_queries):
    for _index in range(count):
        coaching = CoachingFactory(colleague=colleague)
        SessionFactory(coaching=coaching, lotse=coaching.lotse)
        HelpRequest.objects.create(requester=colleague, topic="E-Akte", message="Hilfe")
    client.force_login(colleague)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("lotsen:my_support"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 50])
def test_own_access_log(client, colleague, count, django_assert_max_num_queries):
    for _index in range(count):
        privacy.log_access(UserFactory(), colleague, AccessLogEntry.Action.VIEW_PROGRESS, "Coaching #1")
    client.force_login(colleague)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("lotsen:access_log"))
    assert response.status_code == 200
    assert len(response.context["entries"]) == count
