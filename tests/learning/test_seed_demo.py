"""seed_demo creates the demo site and accounts, twice without duplicates, and never in production."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page

from courses.models import HomePage, PortalPage
from learning.models import OrgUnit, StaffProfile

pytestmark = pytest.mark.django_db


def counts():
    return (
        Page.objects.count(),
        get_user_model().objects.count(),
        OrgUnit.objects.count(),
        StaffProfile.objects.count(),
    )


def test_seed_twice_gives_the_same_numbers(client):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    # Other languages show the German home page through aliases (wagtail-localize copies parents that way).
    assert HomePage.objects.filter(alias_of=None).count() == 1 and PortalPage.objects.count() == 1
    names = set(OrgUnit.objects.filter(parent=None).values_list("name", flat=True))
    assert {"Eingangszone", "Leistungsgewährung", "Markt und Integration", "Verwaltung"} <= names


def test_demo_logins_work(client):
    call_command("seed_demo")
    for username in ["anna", "bassi", "lars", "rita", "kai", "admin"]:
        assert client.login(username=username, password="lernhafen-demo"), username
        client.logout()
    assert client.get("/").status_code == 200


def test_demo_roles(client):
    call_command("seed_demo")
    User = get_user_model()
    assert User.objects.get(username="rita").has_perm("wagtailadmin.access_admin")
    assert not User.objects.get(username="anna").has_perm("wagtailadmin.access_admin")
    assert User.objects.get(username="lars").groups.filter(name="Digitalisierungslotsen").exists()
    assert User.objects.get(username="bassi").staff_profile.bass_cohort == 2025


def test_seed_refuses_without_demo_permission(settings):
    settings.LERNHAFEN_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="gesperrt"):
        call_command("seed_demo")
    assert get_user_model().objects.filter(username="anna").count() == 0


def test_demo_learner_record_fills_mein_lernen(client):
    call_command("seed_demo")
    call_command("seed_demo")
    client.login(username="anna", password="lernhafen-demo")
    html = client.get("/lernen/").content.decode()
    assert "Datenschutz und Sozialgeheimnis im SGB II – jährliche Unterweisung" in html
    assert "fällig bis" in html
    assert "Zertifikat „Informationssicherheit: Phishing erkennen und melden“ herunterladen (PDF)" in html
    from learning.models import Certificate

    assert Certificate.objects.filter(user__username="anna").count() == 1
