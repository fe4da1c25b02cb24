"""The Lotsen demo content: nine Lotsen, requests in every state, coachings, sessions and self-checks."""

import pytest
from django.core.management import call_command

from lotsen.models import Coaching, CoachingSession, HelpRequest, Lotse, LotsenProgramme, SelfCheck

pytestmark = pytest.mark.django_db


def counts():
    return [model.objects.count() for model in (Lotse, HelpRequest, Coaching, CoachingSession, SelfCheck)]


def test_seed_twice_gives_the_same_numbers(client):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert Lotse.objects.filter(active=True).count() == 9
    assert Lotse.objects.filter(user__username="lars").exists()
    assert set(HelpRequest.objects.values_list("status", flat=True)) == {
        "assigned",
        "pool",
        "accepted",
        "done",
    }
    assert LotsenProgramme.load().name == "Digitalisierungslotsen Jobcenter Musterkreis"
    anna = Coaching.objects.get(lotse__user__username="lars", colleague__username="anna")
    assert not anna.has_consent  # anna gives consent herself in the walk-through
    assert Coaching.objects.filter(consent_given_at__isnull=False).exists()
    assert CoachingSession.objects.filter(kind="group", participant_count__gte=1, coaching=None).exists()
    assert SelfCheck.objects.filter(user__username="anna").count() == 2


def test_demo_pages_render_for_lars_and_anna(client):
    call_command("seed_demo")
    client.login(username="lars", password="lernhafen-demo")
    html = client.get("/lotsen/").content.decode()
    assert "Mein Lotsen-Cockpit" in html and "Bastian Sommer" in html
    client.login(username="anna", password="lernhafen-demo")
    assert "Begleitung durch Lars Hoffmann" in client.get("/lotsen/meine-begleitung/").content.decode()
    html = client.get("/lotsen/").content.decode()
    assert "Digitalisierungslotsen Jobcenter Musterkreis" in html and "Mehmet Yılmaz" in html
    assert client.get("/lernen/").status_code == 200
