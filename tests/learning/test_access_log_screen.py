"""The access log screen for Datenschutz, entries that outlive people, and the security events in the log."""

import base64
import csv
import io

import pytest
import time_machine
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from openpyxl import load_workbook

from learning import privacy, roles
from learning.demo import DEMO_TOTP_SECRETS
from learning.models import AccessLogEntry
from learning.models.privacy import format_pseudonym, pseudonym
from tests.factories import CoachingFactory, LotseFactory, UserFactory

pytestmark = pytest.mark.django_db

Action = AccessLogEntry.Action
INDEX = reverse("learning_access_log:index")
PASSWORD = "lernhafen-test"


@pytest.fixture
def dora(client):
    user = UserFactory(
        username="dora", first_name="Dora", last_name="Schmidt", groups=[roles.DATA_PROTECTION]
    )
    client.force_login(user)
    return user


@pytest.fixture
def people():
    lars = UserFactory(username="lars", first_name="Lars", last_name="Hoffmann")
    anna = UserFactory(username="anna", first_name="Anna", last_name="Becker")
    kai = UserFactory(username="kai", first_name="Kai", last_name="Wagner")
    return lars, anna, kai


def rows(response):
    """The rows of the listing as text, whitespace collapsed (one string per row)."""
    html = response.content.decode().split('id="listing-results"', 1)[-1]
    body = html.split("<tbody", 1)[1].split("</tbody>", 1)[0] if "<tbody" in html else ""
    return [" ".join(row.split()) for row in body.split("</tr>") if "<td" in row]


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_datenschutz_sees_the_log_with_names_actions_and_reasons(client, dora, people):
    lars, anna, _ = people
    privacy.log_access(lars, anna, Action.VIEW_PROGRESS, "Begleitung #7")
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zugriffsprotokoll" in html
    [row] = [row for row in rows(response) if "Begleitung #7" in row]
    assert "Lars Hoffmann (lars)" in row and "Anna Becker (anna)" in row
    assert "Lernfortschritt angesehen" in row
    # Read only: no add, edit or delete anywhere on the screen.
    assert "/edit/" not in html and "/delete/" not in html and "/add/" not in html


def test_the_menu_shows_the_log_to_datenschutz_only(client, dora):
    assert "Zugriffsprotokoll" in client.get(reverse("wagtailadmin_home")).content.decode()
    for role in (roles.COORDINATION, roles.STAFF_COUNCIL):
        client.force_login(UserFactory(groups=[role]))
        assert "Zugriffsprotokoll" not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("groups", [[roles.COORDINATION], [roles.LOTSEN], [roles.STAFF_COUNCIL], []])
def test_others_do_not_see_the_log_nor_its_export(client, groups):
    client.force_login(UserFactory(groups=groups))
    for params in ({}, {"export": "csv"}, {"export": "xlsx"}):
        assert client.get(INDEX, params).status_code in (302, 403)
    assert client.get(reverse("learning_access_log:results")).status_code in (302, 403)
    assert not AccessLogEntry.objects.filter(action=Action.LOG_EXPORTED).exists()


def test_superusers_see_the_log(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(INDEX).status_code == 200


def test_personalrat_gets_the_aggregate_reports_and_nothing_person_level(client):
    client.force_login(UserFactory(groups=[roles.STAFF_COUNCIL]))
    for name in ("lotsen_reports:coverage", "lotsen_reports:activity", "lotsen_reports:quota"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("learning_requirements:index")).status_code in (302, 403)
    assert client.get(reverse("lotse_profiles:index")).status_code in (302, 403)


def test_filters_by_person_viewer_action_and_date(client, dora, people):
    lars, anna, kai = people
    with time_machine.travel("2026-03-02 10:00 +01:00", tick=False):
        privacy.log_access(lars, anna, Action.VIEW_PROGRESS, "März Anna")
    with time_machine.travel("2026-04-10 10:00 +02:00", tick=False):
        privacy.log_access(lars, kai, Action.VIEW_SELF_CHECK, "April Kai")
        privacy.log_access(kai, anna, Action.EXEMPTION, "April Befreiung")

    def shown(**params):
        text = "".join(rows(client.get(INDEX, params)))
        return {r for r in ("März Anna", "April Kai", "April Befreiung") if r in text}

    assert shown() == {"März Anna", "April Kai", "April Befreiung"}
    assert shown(subject="Anna Becker") == {"März Anna", "April Befreiung"}
    assert shown(subject="kai") == {"April Kai"}
    assert shown(viewer="Hoffmann") == {"März Anna", "April Kai"}
    assert shown(action=Action.EXEMPTION) == {"April Befreiung"}
    assert shown(created_at_after="2026-04-01") == {"April Kai", "April Befreiung"}
    assert shown(created_at_before="2026-03-31") == {"März Anna"}
    assert shown(viewer="lars", subject="anna", created_at_after="2026-03-01") == {"März Anna"}
    assert (
        "Kein Eintrag passt zu Ihrer Auswahl." in client.get(INDEX, {"subject": "niemand"}).content.decode()
    )


def test_the_export_is_logged_with_its_filter_and_size(client, dora, people):
    lars, anna, _ = people
    privacy.log_access(lars, anna, Action.VIEW_PROGRESS, "=HYPERLINK(1)")
    response = client.get(INDEX, {"export": "csv", "subject": "anna"})
    assert response.status_code == 200
    lines = csv_rows(response)
    assert lines[0] == ["Wann", "Wer", "Was", "Wessen Daten", "Warum"]
    assert lines[1][1:] == [
        "Lars Hoffmann (lars)",
        "Lernfortschritt angesehen",
        "Anna Becker (anna)",
        "'=HYPERLINK(1)",
    ]
    entry = AccessLogEntry.objects.get(action=Action.LOG_EXPORTED)
    assert entry.viewer == dora and entry.subject is None
    assert entry.reason == "CSV, 1 Einträge; Person (wessen Daten): anna"

    response = client.get(INDEX, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    texts = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Anna Becker (anna)" in texts and "'=HYPERLINK(1)" in texts
    assert AccessLogEntry.objects.filter(action=Action.LOG_EXPORTED, viewer=dora).count() == 2
    assert AccessLogEntry.objects.filter(action=Action.LOG_EXPORTED, reason__startswith="XLSX").exists()


def test_entries_outlive_the_viewer_and_the_subject(client, dora, people):
    lars, anna, kai = people
    privacy.log_access(lars, anna, Action.VIEW_PROGRESS, "erster Blick")
    privacy.log_access(lars, anna, Action.VIEW_SELF_CHECK, "zweiter Blick")
    privacy.log_access(kai, lars, Action.EXEMPTION, "Lars befreit")
    lars_ref, anna_ref = pseudonym(lars.pk), pseudonym(anna.pk)
    lars.delete()
    anna.delete()

    assert AccessLogEntry.objects.count() >= 3
    assert set(
        AccessLogEntry.objects.filter(reason__endswith="Blick").values_list("viewer_ref", "subject_ref")
    ) == {(lars_ref, anna_ref)}
    response = client.get(INDEX)
    shown = [row for row in rows(response) if "Blick" in row or "Lars befreit" in row]
    assert len(shown) == 3
    deleted_lars = f"gelöschte Person (Kennung {format_pseudonym(lars_ref)})"
    deleted_anna = f"gelöschte Person (Kennung {format_pseudonym(anna_ref)})"
    assert all(deleted_lars in row for row in shown)
    assert sum(deleted_anna in row for row in shown) == 2
    assert "Lars" not in "".join(shown).replace("Lars befreit", "")
    # The Kennung finds the deleted person's entries, with or without its dashes.
    assert (
        len([r for r in rows(client.get(INDEX, {"viewer": format_pseudonym(lars_ref)})) if "Blick" in r]) == 2
    )
    assert len(rows(client.get(INDEX, {"subject": lars_ref}))) == 1


def test_pseudonyms_are_stable_per_person_and_keyed():
    assert pseudonym(1) == pseudonym(1) != pseudonym(2)
    assert len(pseudonym(1)) == 12 and pseudonym(None) == ""
    # Keyed: without the key, nobody can work out whose id it is.
    before = pseudonym(1)
    with override_settings(ACCESS_LOG_PSEUDONYM_KEY="ein anderer Schlüssel"):
        assert pseudonym(1) != before


def sign_in(client, url, username, password):
    return client.post(url, {"username": username, "password": password})


@pytest.mark.parametrize(
    ("url", "where"), [("/anmelden/", "Anmeldeseite"), ("/anmelden/?next=/admin/", "Adminbereich")]
)
def test_sign_ins_through_the_real_forms_are_logged(client, url, where):
    kai = UserFactory(username="kai", groups=[roles.COORDINATION])
    kai.set_password(PASSWORD)
    kai.save()
    assert sign_in(client, url, "kai", "daneben1").status_code == 200
    assert sign_in(client, url, "nobody", "geheim").status_code == 200
    assert sign_in(client, url, "nobody", "geheim2").status_code == 200
    assert sign_in(client, url, "kai", PASSWORD).status_code == 302

    failed = AccessLogEntry.objects.filter(action=Action.SIGN_IN_FAILED).order_by("pk")
    on_kai, *unknown = failed
    assert on_kai.subject == kai and on_kai.viewer is None
    assert on_kai.reason == f"Passwort falsch oder Konto gesperrt ({where})"
    assert len(unknown) == 2 and all(entry.subject is None for entry in unknown)
    assert unknown[0].subject_ref == unknown[1].subject_ref != ""
    # Neither the typed name nor the password is stored.
    stored = " ".join(f"{e.reason} {e.subject_ref} {e.viewer_ref}" for e in failed)
    assert "nobody" not in stored and "geheim" not in stored and "daneben" not in stored
    success = AccessLogEntry.objects.get(action=Action.SIGN_IN)
    assert success.viewer == kai and success.reason == f"angemeldet ({where})"


def test_the_screen_names_an_unknown_username_as_such(client, dora):
    sign_in(client.__class__(), "/anmelden/", "nobody", "geheim")
    [row] = [row for row in rows(client.get(INDEX)) if "Anmeldung fehlgeschlagen" in row]
    assert "unbekannter Benutzername (Kennung" in row


def test_a_refused_object_access_is_logged(client):
    coaching = CoachingFactory(lotse=LotseFactory())
    intruder = UserFactory(username="mia")
    client.force_login(intruder)
    response = client.post(reverse("lotsen:log_session", args=[coaching.pk]), {})
    assert response.status_code == 403
    entry = AccessLogEntry.objects.get(action=Action.ACCESS_REFUSED)
    assert entry.viewer == intruder
    assert entry.reason == f"Seite: POST {reverse('lotsen:log_session', args=[coaching.pk])}"


def test_anonymous_refusals_and_admin_refusals_of_the_log(client):
    # Nobody signed in: nothing is written, whatever they try.
    client.post(reverse("lotsen:log_session", args=[1]), {})
    assert not AccessLogEntry.objects.exists()
    # Koordination trying the access log is a refused access in the log itself.
    kai = UserFactory(groups=[roles.COORDINATION])
    client.force_login(kai)
    assert client.get(INDEX).status_code in (302, 403)
    assert AccessLogEntry.objects.filter(
        action=Action.ACCESS_REFUSED, viewer=kai, reason__contains=INDEX
    ).exists()


def test_group_changes_in_the_admin_are_logged_with_who_made_them(client):
    admin = UserFactory(username="chef", is_superuser=True, is_staff=True)
    person = UserFactory(username="petra", first_name="Petra", last_name="Schulz", groups=[roles.LEARNERS])
    client.force_login(admin)
    coordination = Group.objects.get(name=roles.COORDINATION)
    response = client.post(
        reverse("wagtailusers_users:edit", args=[person.pk]),
        {
            "username": "petra",
            "email": "petra@jobcenter.example",
            "first_name": "Petra",
            "last_name": "Schulz",
            "password1": "",
            "password2": "",
            "is_active": "on",
            "groups": [coordination.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    changes = AccessLogEntry.objects.filter(action=Action.GROUPS_CHANGED, subject=person, viewer=admin)
    reasons = " | ".join(changes.values_list("reason", flat=True))
    assert "+ Koordination" in reasons and "− Lernende" in reasons


def test_group_changes_in_either_direction_and_flag_changes_are_logged(people):
    lars, anna, _ = people
    group = Group.objects.get(name=roles.EDITORS)
    group.user_set.add(lars, anna)
    assert set(
        AccessLogEntry.objects.filter(
            action=Action.GROUPS_CHANGED, reason="Gruppen: + Redaktion"
        ).values_list("subject", flat=True)
    ) == {lars.pk, anna.pk}
    lars.groups.clear()
    assert AccessLogEntry.objects.filter(subject=lars, reason="Gruppen: − Redaktion").exists()
    lars.user_permissions.add(Permission.objects.get(codename="view_accesslogentry"))
    assert AccessLogEntry.objects.filter(
        subject=lars, action=Action.PERMISSIONS_CHANGED, reason__startswith="Einzelrechte: +"
    ).exists()

    anna.is_superuser = True
    anna.save()
    entry = AccessLogEntry.objects.get(subject=anna, action=Action.PERMISSIONS_CHANGED)
    assert entry.reason == "Superuser: nein → ja"
    # Saving without a change, or only the last sign-in, writes nothing.
    anna.save()
    anna.save(update_fields=["last_login"])
    assert AccessLogEntry.objects.filter(subject=anna, action=Action.PERMISSIONS_CHANGED).count() == 1


def test_the_old_combined_role_is_split_and_its_members_get_both():
    Group.objects.filter(name__in=[roles.DATA_PROTECTION, roles.STAFF_COUNCIL]).delete()
    old = Group.objects.create(name=roles.FORMER_DATA_PROTECTION)
    old.permissions.add(Permission.objects.get(codename="view_accesslogentry"))
    member = UserFactory(groups=[roles.FORMER_DATA_PROTECTION])
    roles.split_data_protection(django_apps)
    roles.sync_roles(django_apps)

    assert not Group.objects.filter(name=roles.FORMER_DATA_PROTECTION).exists()
    assert set(member.groups.values_list("name", flat=True)) == {roles.DATA_PROTECTION, roles.STAFF_COUNCIL}
    member = type(member).objects.get(pk=member.pk)
    assert member.has_perm("learning.view_accesslogentry") and member.has_perm("lotsen.report_lotse")
    council = Group.objects.get(name=roles.STAFF_COUNCIL)
    assert not council.permissions.filter(codename="view_accesslogentry").exists()
    # Run again: nothing changes.
    roles.split_data_protection(django_apps)
    roles.sync_roles(django_apps)
    assert member.groups.count() == 2


@pytest.mark.parametrize("count", [1, 200])
# Eleven at 1 and at 200 entries: session, user, permissions, the admin menu and one page of entries with
# both people joined in; a deleted viewer costs nothing extra.
def test_query_budget_of_the_screen(client, dora, django_assert_max_num_queries, count):
    viewers = [UserFactory() for _ in range(3)]
    subjects = [UserFactory() for _ in range(3)]
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            viewer=viewers[i % 3],
            subject=subjects[i % 3],
            subject_ref=pseudonym(subjects[i % 3].pk),
            action=Action.VIEW_PROGRESS,
            reason=f"Eintrag {i}",
        )
        for i in range(count)
    )
    viewers[0].delete()
    with django_assert_max_num_queries(11):
        response = client.get(INDEX)
    assert response.status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(INDEX, {"subject": "person", "action": Action.VIEW_PROGRESS}).status_code == 200


def test_demo_accounts_dora_reads_the_log_and_paul_the_aggregates(client):
    call_command("seed_demo")
    # Dora signs in as the README says: password, then the code of her demo TOTP secret.
    assert client.post("/anmelden/", {"username": "dora", "password": "lernhafen-demo"}).status_code == 302
    key = base64.b32decode(DEMO_TOTP_SECRETS["dora"])
    assert client.post("/anmelden/code/", {"code": f"{totp(key):06d}"}).status_code == 302
    response = client.get(INDEX)
    assert response.status_code == 200 and rows(response)
    assert client.login(username="paul", password="lernhafen-demo")
    assert client.get(INDEX).status_code in (302, 403)
    assert client.get(reverse("lotsen_reports:coverage")).status_code == 200
