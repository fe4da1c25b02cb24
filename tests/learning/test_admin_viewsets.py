"""The admin for org units and staff profiles: who sees it, what it lists and exports, what it refuses."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from learning import roles
from learning.models import OrgUnit
from tests.factories import OrgUnitFactory, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

CYCLE_ERROR = (
    "Eine Einheit kann nicht sich selbst oder einer ihrer eigenen Untereinheiten untergeordnet werden."
)


@pytest.fixture
def coordinator(db):
    return UserFactory(username="kai", first_name="Kai", last_name="Wagner", groups=[roles.COORDINATION])


@pytest.fixture
def organisation(learner):
    """Bereich Leistung with two teams; Anna works in Team 1, Bert in Team 2."""
    area = OrgUnitFactory(name="Bereich Leistung")
    team1 = OrgUnitFactory(name="Leistungsteam 1", short_name="LT1", parent=area)
    team2 = OrgUnitFactory(name="Leistungsteam 2", parent=area)
    StaffProfileFactory(user=learner, org_unit=team1)
    bert = UserFactory(username="bert", first_name="Bert", last_name="Yilmaz")
    StaffProfileFactory(user=bert, org_unit=team2, bass_cohort=2025)
    return {"area": area, "team1": team1, "team2": team2}


def content(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def csv_rows(response):
    """The rows of an export in the project's German Excel CSV (BOM, semicolons)."""
    text = content(response)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def test_coordination_sees_organisation_menu(client, coordinator):
    client.force_login(coordinator)
    html = client.get("/admin/").content.decode()
    for label in (
        "Organisation",
        "Organisationseinheiten",
        reverse("orgunit:index"),
        reverse("staffprofile:index"),
    ):
        assert label in html


def test_coordination_lists_org_units_with_parent_and_staff_count(client, coordinator, organisation):
    client.force_login(coordinator)
    response = client.get(reverse("orgunit:index"))
    assert response.status_code == 200
    rows = {unit.name: unit for unit in response.context["object_list"]}
    assert set(rows) == {"Bereich Leistung", "Leistungsteam 1", "Leistungsteam 2"}
    assert rows["Leistungsteam 1"].parent.name == "Bereich Leistung"
    assert rows["Leistungsteam 1"].staff_count == 1
    html = content(response)
    assert "Leistungsteam 1" in html and "Übergeordnete Einheit" in html


def test_org_unit_filter_and_search(client, coordinator, organisation):
    client.force_login(coordinator)
    by_parent = client.get(reverse("orgunit:index"), {"parent": organisation["area"].pk})
    assert {u.name for u in by_parent.context["object_list"]} == {"Leistungsteam 1", "Leistungsteam 2"}
    by_name = client.get(reverse("orgunit:index"), {"q": "team 2"})
    assert [u.name for u in by_name.context["object_list"]] == ["Leistungsteam 2"]


def test_coordination_exports_org_units_as_csv_and_xlsx(client, coordinator, organisation):
    client.force_login(coordinator)
    response = client.get(reverse("orgunit:index"), {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="organisationseinheiten.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    # The Kennung is HR's key of the unit (import_staff finds units by it); empty for units made by hand.
    assert rows[0] == ["Name", "Kurzbezeichnung", "Kennung", "Übergeordnete Einheit", "Beschäftigte"]
    assert ["Leistungsteam 1", "LT1", "", "Bereich Leistung", "1"] in rows

    response = client.get(reverse("orgunit:index"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert names == ["Name", "Bereich Leistung", "Leistungsteam 1", "Leistungsteam 2"]


def test_coordination_lists_searches_and_exports_staff(client, coordinator, organisation):
    client.force_login(coordinator)
    listing = client.get(reverse("staffprofile:index"))
    assert listing.status_code == 200
    html = content(listing)
    assert "Anna Becker" in html and "Bert Yilmaz" in html and "Leistungsteam 2" in html

    found = client.get(reverse("staffprofile:index"), {"q": "Anna Becker"})
    assert [p.user.username for p in found.context["object_list"]] == ["anna"]
    by_cohort = client.get(reverse("staffprofile:index"), {"bass_cohort": 2025})
    assert [p.user.username for p in by_cohort.context["object_list"]] == ["bert"]
    by_unit = client.get(reverse("staffprofile:index"), {"org_unit": organisation["team1"].pk})
    assert [p.user.username for p in by_unit.context["object_list"]] == ["anna"]

    export = client.get(reverse("staffprofile:index"), {"export": "csv"})
    rows = csv_rows(export)
    assert rows[0] == ["Name", "Benutzername", "Organisationseinheit", "BASS-Jahrgang"]
    assert ["Anna Becker", "anna", "Leistungsteam 1", ""] in rows
    assert ["Bert Yilmaz", "bert", "Leistungsteam 2", "2025"] in rows


def test_coordination_may_add_an_org_unit(client, coordinator, organisation):
    client.force_login(coordinator)
    response = client.post(
        reverse("orgunit:add"),
        {"name": "Leistungsteam 3", "short_name": "", "parent": organisation["area"].pk},
    )
    assert response.status_code == 302
    assert OrgUnit.objects.get(name="Leistungsteam 3").parent == organisation["area"]


@pytest.mark.parametrize("username", ["anna", "rita"])
def test_learners_and_editors_get_no_access(client, organisation, username):
    user = UserFactory(username=username, groups=[roles.EDITORS] if username == "rita" else [])
    client.force_login(user)
    for url in (
        reverse("orgunit:index"),
        reverse("orgunit:index") + "?export=csv",
        reverse("staffprofile:index"),
        reverse("orgunit:edit", args=[organisation["team1"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "Leistungsteam" not in content(client.get(url, follow=True)), url
    assert reverse("orgunit:index") not in client.get("/admin/", follow=True).content.decode()


def test_learner_cannot_change_an_org_unit(client, organisation):
    client.force_login(organisation["team1"].staff.get().user)
    team1 = organisation["team1"]
    response = client.post(reverse("orgunit:edit", args=[team1.pk]), {"name": "Umbenannt", "parent": ""})
    assert response.status_code == 302
    team1.refresh_from_db()
    assert team1.name == "Leistungsteam 1"


@pytest.mark.parametrize("new_parent", ["itself", "descendant"])
def test_org_unit_cannot_be_placed_below_itself(client, coordinator, organisation, new_parent):
    area = organisation["area"]
    target = area if new_parent == "itself" else organisation["team1"]
    client.force_login(coordinator)
    response = client.post(
        reverse("orgunit:edit", args=[area.pk]),
        {"name": "Bereich Leistung (neu)", "short_name": "BL", "parent": target.pk},
    )
    assert response.status_code == 200
    assert CYCLE_ERROR in response.content.decode()
    area.refresh_from_db()
    assert (area.name, area.short_name, area.parent) == ("Bereich Leistung", "", None)


def test_koordination_role_may_edit_staff_profiles_but_others_may_not():
    from django.contrib.auth.models import Group

    def codenames(role):
        return set(
            Group.objects.get(name=role)
            .permissions.filter(content_type__app_label="learning", content_type__model="staffprofile")
            .values_list("codename", flat=True)
        )

    assert codenames(roles.COORDINATION) == {"view_staffprofile", "add_staffprofile", "change_staffprofile"}
    assert codenames(roles.EDITORS) == set()
    assert codenames(roles.LEARNERS) == set()


def _units_with_staff(count):
    parent = OrgUnitFactory(name="Bereich")
    for _ in range(count):
        StaffProfileFactory(org_unit=OrgUnitFactory(parent=parent))


# Session, user, permissions, Wagtail's user profile, locales, page and collection permissions, filter
# choices, count and the page of rows; an export skips the admin chrome.
LISTING_QUERIES = 12
EXPORT_QUERIES = 6


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize(("url_name", "extra_units"), [("orgunit:index", 1), ("staffprofile:index", 0)])
def test_listing_and_export_query_counts_do_not_grow(
    client, coordinator, django_assert_max_num_queries, count, url_name, extra_units
):
    _units_with_staff(count)
    client.force_login(coordinator)
    with django_assert_max_num_queries(LISTING_QUERIES):
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert response.context["paginator"].count == count + extra_units

    with django_assert_max_num_queries(EXPORT_QUERIES):
        export = client.get(reverse(url_name), {"export": "csv"})
        rows = csv_rows(export)
    assert len(rows) == 1 + count + extra_units


def test_coordination_forms_are_in_the_menu_with_their_heading(client, coordinator):
    client.force_login(coordinator)
    menu = client.get("/admin/").content.decode()
    for url, heading in ((reverse("learning_certificates:revoke"), "Zertifikat widerrufen"),):
        assert url.rsplit("/", 2)[0] in menu  # the menu entry leads into the form's section
        page = client.get(url).content.decode()
        assert f"<title>{heading}" in page and heading in page.split("<main", 1)[-1]


def test_coordination_finds_the_overview_and_its_exports_in_the_menu(client, coordinator):
    client.force_login(coordinator)
    menu = client.get("/admin/").content.decode()
    for url in (reverse("learning_requirements:index"), reverse("learning_exports:index")):
        assert url in menu
    assert "Meine Exporte" in menu


def test_the_coordination_menu_entries_are_hidden_from_editors(client, editor):
    client.force_login(editor)
    menu = client.get("/admin/").content.decode()
    assert "Pflichtschulungen" not in menu and "Zertifikat widerrufen" not in menu
    assert "Meine Exporte" not in menu
    assert client.get(reverse("learning_requirements:index")).status_code in (302, 403)
    assert client.get(reverse("learning_exports:index")).status_code in (302, 403)
    assert client.get(reverse("learning_certificates:revoke")).status_code in (302, 403)
