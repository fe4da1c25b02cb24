"""Consent gating: without consent a Lotse sees nothing of a colleague's progress; with it, every view is logged."""

import re

import pytest
from django.urls import reverse

from learning.models import AccessLogEntry, QuizAttempt
from lotsen.models import SelfCheck

pytestmark = pytest.mark.django_db

COURSE = "Datenschutz und Sozialgeheimnis"


def consent(client, coaching, value, kind="progress"):
    client.force_login(coaching.colleague)
    return client.post(
        reverse("lotsen:consent", args=[coaching.pk]), {"consent": value, "kind": kind}, follow=True
    )


def progress_logs(coaching):
    return AccessLogEntry.objects.filter(
        viewer=coaching.lotse.user, subject=coaching.colleague, action=AccessLogEntry.Action.VIEW_PROGRESS
    )


@pytest.mark.parametrize("page", ["lotsen:index", "lotsen:coaching"])
def test_no_consent_no_progress_and_no_log(client, coaching, course_with_progress, page):
    client.force_login(coaching.lotse.user)
    response = client.get(reverse(page, args=[coaching.pk] if page == "lotsen:coaching" else []))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Anna Becker" in html
    assert COURSE not in html
    assert "nicht freigegeben" in html
    progress = response.context.get("progress")
    assert progress is None
    assert all(getattr(c, "progress", None) is None for c in response.context.get("coaching_list", []))
    assert not progress_logs(coaching).exists()


def test_consent_shows_progress_logs_every_view_and_revoking_hides_it(client, coaching, course_with_progress):
    response = consent(client, coaching, "give")
    assert "sieht jetzt Ihren Lernstand" in response.content.decode()
    assert AccessLogEntry.objects.filter(
        subject=coaching.colleague, action=AccessLogEntry.Action.CONSENT_GIVEN
    ).exists()

    client.force_login(coaching.lotse.user)
    html = client.get(reverse("lotsen:coaching", args=[coaching.pk])).content.decode()
    assert COURSE in html and "1 von 2 Lektionen" in html
    client.get(reverse("lotsen:index"))
    logs = list(progress_logs(coaching))
    assert len(logs) == 2
    assert {log.reason for log in logs} == {f"Coaching #{coaching.pk}"}

    response = consent(client, coaching, "revoke")
    assert "widerrufen" in response.content.decode()
    client.force_login(coaching.lotse.user)
    html = client.get(reverse("lotsen:coaching", args=[coaching.pk])).content.decode()
    assert COURSE not in html
    assert progress_logs(coaching).count() == 2


def test_quiz_answers_and_scores_never_show(client, coaching, course_with_progress):
    lesson = course_with_progress.get_children().first().specific
    QuizAttempt.objects.create(
        user=coaching.colleague,
        lesson=lesson,
        check_id="x",
        answers={"q": ["Geheimantwort"]},
        score=0.37,
        passed=False,
    )
    consent(client, coaching, "give")
    client.force_login(coaching.lotse.user)
    html = client.get(reverse("lotsen:coaching", args=[coaching.pk])).content.decode()
    assert COURSE in html
    # CSRF tokens are random and may contain "37"; the score must not be anywhere else.
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    assert "Geheimantwort" not in html and "37" not in html


def test_self_check_only_for_the_person_and_the_consenting_colleagues_lotse(client, coaching):
    check = SelfCheck.objects.create(user=coaching.colleague)
    url = reverse("lotsen:self_check_result", args=[check.pk])
    client.force_login(coaching.lotse.user)
    assert client.get(url).status_code == 404
    consent(client, coaching, "give")
    client.force_login(coaching.lotse.user)
    # Progress and Kompetenz-Check are two switches: the progress consent does not open the check.
    assert client.get(url).status_code == 404
    consent(client, coaching, "give", kind="self_check")
    client.force_login(coaching.lotse.user)
    assert client.get(url).status_code == 200
    assert AccessLogEntry.objects.filter(
        viewer=coaching.lotse.user, subject=coaching.colleague, action=AccessLogEntry.Action.VIEW_SELF_CHECK
    ).exists()


def test_an_inactive_lotse_sees_nothing_even_with_consent(client, coaching, course_with_progress):
    consent(client, coaching, "give")
    coaching.lotse.active = False
    coaching.lotse.save()
    client.force_login(coaching.lotse.user)
    assert client.get(reverse("lotsen:coaching", args=[coaching.pk])).status_code == 404
