"""Koordination manages Lotse profiles and the request pool in the Wagtail admin."""

import pytest
from django.core import mail
from django.urls import reverse

from lotsen.models import HelpRequest, Lotse
from tests.factories import LotseFactory, UserFactory, competence

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = UserFactory(username="kai", groups=["Koordination"])
    client.force_login(user)
    return user


def test_koordination_adds_a_lotse_with_units_topics_and_tags(client, coordinator, unit):
    person = UserFactory(first_name="Petra", last_name="Schulz")
    response = client.post(
        reverse("lotse_profiles:add"),
        {
            "user": person.pk,
            "active": "on",
            "org_units": [unit.pk],
            "competences": [competence("1.3").pk],
            "tags": "E-Akte, Fachverfahren",
            "monthly_quota_hours": "6",
            "office_hours": "Freitags 9–10 Uhr, Raum 2.11",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    lotse = Lotse.objects.get(user=person)
    assert set(lotse.tags.names()) == {"E-Akte", "Fachverfahren"}
    assert list(lotse.org_units.all()) == [unit]
    listing = client.get(reverse("lotse_profiles:index"), {"q": "Schulz"}).content.decode()
    assert "Petra Schulz" in listing and "Leistungsteam 1" in listing
    export = client.get(reverse("lotse_profiles:index"), {"export": "csv"})
    assert "Petra Schulz" in b"".join(export.streaming_content).decode()


def test_pool_lists_only_pool_requests_and_assigning_notifies(client, coordinator, colleague, lotse):
    pooled = HelpRequest.objects.create(requester=colleague, topic="Fachverfahren", message="Hilfe")
    HelpRequest.objects.create(
        requester=colleague, topic="E-Akte", message="x", status=HelpRequest.Status.ASSIGNED, lotse=lotse
    )
    listing = client.get(reverse("lotsen_pool:index")).content.decode()
    assert "Fachverfahren" in listing and "Leistungsteam 1" in listing and "E-Akte" not in listing
    response = client.post(reverse("lotsen_pool:edit", args=[pooled.pk]), {"lotse": lotse.pk})
    assert response.status_code == 302
    pooled.refresh_from_db()
    assert pooled.status == HelpRequest.Status.ASSIGNED and pooled.lotse == lotse


def test_lotsen_and_learners_cannot_manage_profiles(client):
    client.force_login(LotseFactory().user)
    assert client.get(reverse("lotse_profiles:index")).status_code in (302, 403)
    assert not mail.outbox
