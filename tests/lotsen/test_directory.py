"""The Lotsen directory: who covers my unit first, a search by name, topic and unit, pages of 20."""

import pytest
from django.urls import reverse

from lotsen.models import HelpRequest
from tests.factories import LotseFactory, OrgUnitFactory, staff

pytestmark = pytest.mark.django_db


def names(response):
    return [lotse.name for lotse in response.context["lotsen"]]


def test_the_lotsen_of_my_unit_come_first_and_say_so(client, unit, colleague):
    parent = OrgUnitFactory(name="Bereich Leistung")
    unit.parent = parent
    unit.save()
    LotseFactory(
        user__first_name="Anton", user__last_name="Abel", org_units=[OrgUnitFactory(name="Eingangszone")]
    )
    LotseFactory(user__first_name="Zora", user__last_name="Zeller", org_units=[parent])
    client.force_login(colleague)
    response = client.get(reverse("lotsen:directory"))
    assert names(response) == ["Zora Zeller", "Anton Abel"]
    assert response.content.decode().count("Für Ihre Einheit zuständig") == 1


def test_the_search_finds_by_name_topic_and_unit_once_each(client, colleague):
    eingang = OrgUnitFactory(name="Eingangszone")
    LotseFactory(user__first_name="Petra", user__last_name="Schulz", org_units=[eingang], tags=["E-Akte"])
    LotseFactory(
        user__first_name="Jonas",
        user__last_name="Weber",
        codes=["4.2"],
        tags=["Videoberatung", "Video-Ident"],
    )
    client.force_login(colleague)
    url = reverse("lotsen:directory")
    assert names(client.get(url, {"q": "schulz"})) == ["Petra Schulz"]
    assert names(client.get(url, {"q": "Eingang"})) == ["Petra Schulz"]
    assert names(client.get(url, {"q": "video"})) == ["Jonas Weber"]  # two matching tags, one entry
    assert names(client.get(url, {"q": "4.2"})) == ["Jonas Weber"]
    assert names(client.get(url, {"q": "Jonas Video"})) == ["Jonas Weber"]
    empty = client.get(url, {"q": "Niemand Namens"})
    assert names(empty) == [] and "Niemand gefunden." in empty.content.decode()


def test_the_directory_comes_in_pages_of_twenty_and_keeps_the_search(client, unit):
    for index in range(25):
        LotseFactory(user__first_name="Lotse", user__last_name=f"Nummer {index:02}", tags=["E-Akte"])
    client.force_login(staff(unit, username="mia"))
    url = reverse("lotsen:directory")
    first = client.get(url, {"q": "E-Akte"})
    assert len(names(first)) == 20
    assert "?q=E-Akte&amp;seite=2" in first.content.decode()
    second = client.get(url, {"q": "E-Akte", "seite": 2})
    assert len(names(second)) == 5 and names(second)[-1] == "Lotse Nummer 24"
    assert client.get(url, {"seite": "abc"}).status_code == 200


def test_a_nul_in_the_search_is_no_error(client, lotse, colleague):
    client.force_login(colleague)
    assert client.get(reverse("lotsen:directory"), {"q": "Lars\x00"}).status_code == 200
    help_request = HelpRequest.objects.create(
        requester=colleague, topic="E-Akte", message="Hilfe", status=HelpRequest.Status.ASSIGNED, lotse=lotse
    )
    client.force_login(lotse.user)
    response = client.get(reverse("lotsen:hand_over", args=[help_request.pk]), {"q": "\x00"})
    assert response.status_code == 200
