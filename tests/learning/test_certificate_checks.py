"""Issue 11, point 5: the name on a certificate, the check page's states, revoking, "ohne Ablaufdatum"."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from learning import completion, roles
from learning.models import AccessLogEntry, Certificate, Enrolment
from tests.factories import CoursePageFactory, LessonPageFactory, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

REVOKE_URL = "/admin/zertifikate/widerrufen/"


@pytest.fixture
def coordinator(db):
    return UserFactory(username="kai", first_name="Kai", last_name="Wagner", groups=[roles.COORDINATION])


@pytest.fixture
def course(catalog_page):
    course = CoursePageFactory(
        parent=catalog_page, title="Datenschutz im Jobcenter", certificate_validity_months=12
    )
    LessonPageFactory(parent=course, title="Grundlagen")
    return course


def completed_enrolment(user, course):
    enrolment = completion.enrol(user, course)
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())
    return Enrolment.objects.get(pk=enrolment.pk)


def make_certificate(user, course, valid_until=None, number="LH-TEST-1"):
    enrolment = completion.enrol(user, course)
    return Certificate.objects.create(
        enrolment=enrolment,
        user=user,
        course=course,
        completed_at=timezone.now(),
        number=number,
        valid_until=valid_until,
        holder_name="Anna Becker",
        course_title=course.title,
    )


def test_renaming_oneself_on_the_account_page_is_impossible_and_the_certificate_has_the_profile_name(
    client, coordinator, course
):
    StaffProfileFactory(user=coordinator, display_name="Kai Wagner")
    client.force_login(coordinator)
    page = client.get(reverse("wagtailadmin_account"))
    assert page.status_code == 200
    assert "name_email-first_name" not in page.content.decode()

    client.post(
        reverse("wagtailadmin_account"),
        {"name_email-first_name": "Erika", "name_email-last_name": "Musterfrau (Leiterin Personal)"},
    )
    coordinator.refresh_from_db()
    assert (coordinator.first_name, coordinator.last_name) == ("Kai", "Wagner")

    # Even an account name changed by other means does not reach the certificate: the profile decides.
    coordinator.last_name = "Musterfrau (Leiterin Personal)"
    coordinator.save()
    certificate = completion.issue_certificate(completed_enrolment(coordinator, course).pk)
    assert certificate.holder_name == "Kai Wagner"
    html = client.get(certificate.get_verification_url()).content.decode()
    assert "Kai Wagner" in html and "Leiterin Personal" not in html


def test_koordination_maintains_the_display_name_in_the_staff_profile_admin(client, coordinator, learner):
    profile = StaffProfileFactory(user=learner)
    client.force_login(coordinator)
    response = client.post(
        reverse("staffprofile:edit", args=[profile.pk]),
        {"user": learner.pk, "display_name": "Dr. Anna Becker", "org_unit": "", "bass_cohort": ""},
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.display_name == "Dr. Anna Becker"
    assert str(profile) == "Dr. Anna Becker"


def test_check_page_valid_shows_number_state_and_noindex(client, learner, course):
    certificate = make_certificate(
        learner, course, valid_until=timezone.localdate() + datetime.timedelta(days=30)
    )
    response = client.get(certificate.get_verification_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert "LH-TEST-1" in html and "Zertifikatsnummer" in html
    assert "Es ist gültig." in html and "abgelaufen" not in html and "widerrufen" not in html


def test_check_page_expired(client, learner, course):
    certificate = make_certificate(
        learner, course, valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    html = client.get(certificate.get_verification_url()).content.decode()
    assert "Es ist aber abgelaufen." in html and "Es ist gültig." not in html


def test_unknown_code_is_404_with_noindex(client):
    response = client.get("/zertifikat/gibt-es-nicht/")
    assert response.status_code == 404
    assert response["X-Robots-Tag"] == "noindex"


def test_without_expiry_says_ohne_ablaufdatum_on_check_page_pdf_template_and_my_learning(
    client, learner, course, portal_page
):
    certificate = make_certificate(learner, course, valid_until=None)
    html = client.get(certificate.get_verification_url()).content.decode()
    assert "ohne Ablaufdatum" in html and "unbefristet" not in html
    pdf_html = render_to_string(
        "learning/certificate.html",
        {"certificate": certificate, "minutes": 10, "competences": [], "verification_url": "x", "qr": ""},
    )
    assert "ohne Ablaufdatum" in pdf_html and "unbefristet" not in pdf_html
    client.force_login(learner)
    assert "ohne Ablaufdatum" in client.get(portal_page.url).content.decode()


def test_revoke_with_reason_marks_the_certificate_and_logs_it(client, coordinator, learner, course):
    certificate = make_certificate(learner, course)
    client.force_login(coordinator)
    assert client.get(REVOKE_URL).status_code == 200
    response = client.post(REVOKE_URL, {"number": "LH-TEST-1", "reason": "Name falsch angegeben"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revoked_by == coordinator
    assert certificate.revoke_reason == "Name falsch angegeben"
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.CERTIFICATE_REVOKED)
    assert (entry.viewer, entry.subject) == (coordinator, learner)
    assert "LH-TEST-1" in entry.reason and "Name falsch angegeben" in entry.reason

    client.logout()
    html = client.get(certificate.get_verification_url()).content.decode()
    assert "Dieses Zertifikat wurde widerrufen." in html and "Es ist gültig." not in html


@pytest.mark.parametrize("reason", ["", "   "])
def test_revoke_without_reason_is_refused_and_nothing_is_stored(client, coordinator, learner, course, reason):
    certificate = make_certificate(learner, course)
    client.force_login(coordinator)
    response = client.post(REVOKE_URL, {"number": "LH-TEST-1", "reason": reason})
    assert response.status_code == 400
    assert "Bitte geben Sie einen Grund für den Widerruf an." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert not AccessLogEntry.objects.exclude(action__in=AccessLogEntry.SECURITY_EVENTS).exists()


def test_revoking_twice_says_so_and_changes_nothing(client, coordinator, learner, course):
    certificate = make_certificate(learner, course)
    client.force_login(coordinator)
    client.post(REVOKE_URL, {"number": "LH-TEST-1", "reason": "erster Grund"})
    certificate.refresh_from_db()
    first = certificate.revoked_at
    response = client.post(REVOKE_URL, {"number": "LH-TEST-1", "reason": "zweiter Grund"})
    assert response.status_code == 400
    assert "ist schon widerrufen" in response.content.decode()
    certificate.refresh_from_db()
    assert (certificate.revoked_at, certificate.revoke_reason) == (first, "erster Grund")
    assert AccessLogEntry.objects.exclude(action__in=AccessLogEntry.SECURITY_EVENTS).count() == 1


def test_unknown_number_gets_a_german_error(client, coordinator):
    client.force_login(coordinator)
    response = client.post(REVOKE_URL, {"number": "LH-NICHT-DA", "reason": "Test"})
    assert response.status_code == 400
    assert "Zu dieser Nummer gibt es kein Zertifikat." in response.content.decode()


def test_only_koordination_may_revoke(client, learner, course):
    make_certificate(learner, course)
    editor = UserFactory(username="rita", groups=[roles.EDITORS])
    client.force_login(editor)
    response = client.post(REVOKE_URL, {"number": "LH-TEST-1", "reason": "x"})
    assert response.status_code in (302, 403)
    assert not Certificate.objects.filter(revoked_at__isnull=False).exists()


def test_the_certificate_links_its_check_page_on_the_public_host_not_the_intranet(
    client, coordinator, course, settings
):
    from learning.certificates import verification_url

    settings.WAGTAILADMIN_BASE_URL = "https://lernhafen.intranet.example"
    settings.PUBLIC_BASE_URL = "https://www.jobcenter-musterkreis.example"
    certificate = make_certificate(coordinator, course)
    url = verification_url(certificate)
    assert url == f"https://www.jobcenter-musterkreis.example/zertifikat/{certificate.verification_code}/"
    assert client.get(url.removeprefix(settings.PUBLIC_BASE_URL)).status_code == 200
