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


# The staff portal keeps its login restriction: in Wagtail's privacy dialog and at model level.


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="chef", is_superuser=True, is_staff=True))
    return client


def set_privacy(client, page, **data):
    return client.post(f"/admin/pages/{page.pk}/privacy/", data)


def portal_restriction(portal_page):
    return PageViewRestriction.objects.get(page=portal_page)


@pytest.mark.parametrize(
    "data",
    [{"restriction_type": "none"}, {"restriction_type": "password", "password": "geheim-geheim"}],
    ids=["public", "shared-password"],
)
def test_the_privacy_dialog_refuses_to_open_the_portal(admin_client, portal_page, data):
    response = set_privacy(admin_client, portal_page, **data)
    assert response.status_code == 200
    html = response.json()["html"]
    assert "Das Lernportal bleibt nur für angemeldete Mitarbeitende sichtbar." in html
    assert portal_restriction(portal_page).restriction_type == PageViewRestriction.LOGIN
    # The portal and everything below it still needs a login.
    admin_client.logout()
    assert admin_client.get("/lernen/").status_code == 302


def test_the_privacy_dialog_offers_the_portal_only_login_and_groups(admin_client, portal_page):
    html = admin_client.get(f"/admin/pages/{portal_page.pk}/privacy/").json()["html"]
    assert 'value="login"' in html and 'value="groups"' in html
    assert 'value="none"' not in html and 'value="password"' not in html


def test_the_portal_may_become_stricter(admin_client, portal_page):
    group = Group.objects.get(name="Lernende")
    response = set_privacy(admin_client, portal_page, restriction_type="groups", groups=[group.pk])
    assert response.json()["step"] == "set_privacy_done"
    restriction = portal_restriction(portal_page)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert list(restriction.groups.all()) == [group]
    assert (
        set_privacy(admin_client, portal_page, restriction_type="login").json()["step"] == "set_privacy_done"
    )
    assert portal_restriction(portal_page).restriction_type == PageViewRestriction.LOGIN


def test_other_pages_may_still_be_made_public(admin_client, catalog_page):
    restriction = PageViewRestriction.objects.create(
        page=catalog_page, restriction_type=PageViewRestriction.LOGIN
    )
    assert (
        set_privacy(admin_client, catalog_page, restriction_type="none").json()["step"] == "set_privacy_done"
    )
    assert not PageViewRestriction.objects.filter(pk=restriction.pk).exists()


def test_the_portals_restriction_cannot_be_deleted_or_weakened_outside_the_dialog(portal_page):
    from django.core.exceptions import ValidationError
    from django.db import transaction

    restriction = portal_restriction(portal_page)
    # atomic(): each refused attempt rolls back only itself, as a request's transaction would.
    with pytest.raises(ValidationError), transaction.atomic():
        restriction.delete()
    with pytest.raises(ValidationError), transaction.atomic():
        PageViewRestriction.objects.filter(page=portal_page).delete()
    restriction.restriction_type = PageViewRestriction.NONE
    with pytest.raises(ValidationError), transaction.atomic():
        restriction.save()
    restriction = portal_restriction(portal_page)
    restriction.page = portal_page.get_parent()
    with pytest.raises(ValidationError), transaction.atomic():
        restriction.save()
    assert portal_restriction(portal_page).restriction_type == PageViewRestriction.LOGIN


def test_deleting_the_portal_itself_still_takes_its_restriction_along(portal_page):
    portal_page.delete()
    assert not PageViewRestriction.objects.exists()


# The admin bound to the intranet host.


def test_the_admin_answers_only_on_its_host(admin_client, settings, home_page):
    settings.ALLOWED_HOSTS = ["intranet.jobcenter.example", "www.jobcenter.example"]
    settings.WAGTAILADMIN_ALLOWED_HOSTS = ["intranet.jobcenter.example"]
    for path in ["/admin/", "/admin/login/", "/admin/pages/", "/admin"]:
        response = admin_client.get(path, HTTP_HOST="www.jobcenter.example", follow=True)
        assert response.status_code == 404, path
        assert "Diese Seite gibt es nicht." in response.content.decode()
    assert admin_client.get("/admin/", HTTP_HOST="intranet.jobcenter.example").status_code == 200
    # The public site on that host is not affected.
    assert admin_client.get("/", HTTP_HOST="www.jobcenter.example").status_code == 200


def test_an_empty_list_leaves_the_admin_on_every_host(admin_client, settings):
    settings.ALLOWED_HOSTS = ["www.jobcenter.example"]
    settings.WAGTAILADMIN_ALLOWED_HOSTS = []
    assert admin_client.get("/admin/", HTTP_HOST="www.jobcenter.example").status_code == 200


# Refusals that the Wagtail admin turns into a redirect to the dashboard reach the access log.


def test_a_refusal_inside_the_admin_is_logged(client, editor):
    from learning.models import AccessLogEntry

    client.force_login(editor)
    response = client.get("/admin/users/")  # Redaktion may not manage accounts
    assert response.status_code == 302 and response["Location"] == "/admin/"
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.ACCESS_REFUSED)
    assert entry.viewer == editor
    assert entry.reason == "Seite: GET /admin/users/"


@pytest.mark.parametrize("path", ["/admin/groups/", "/admin/groups/new/", "/admin/sites/"])
def test_other_refused_admin_areas_are_logged_too(client, editor, path):
    from learning.models import AccessLogEntry

    client.force_login(editor)
    assert client.get(path).status_code == 302
    assert AccessLogEntry.objects.filter(
        action=AccessLogEntry.Action.ACCESS_REFUSED, viewer=editor, reason=f"Seite: GET {path}"
    ).exists()


def test_an_allowed_admin_page_logs_nothing(client, editor):
    from learning.models import AccessLogEntry

    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.ACCESS_REFUSED).exists()
