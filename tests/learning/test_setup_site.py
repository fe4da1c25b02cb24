"""setup_site turns a fresh database into a working, empty Lernhafen; twice changes nothing, and a tree that
does not fit stops it with a message and nothing written."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Revision,
    Site,
)
from wagtail.permissions import policy_registry

from courses.demo.documents import simple_pdf
from courses.models import (
    AccessibilityStatementPage,
    CatalogPage,
    EasyLanguagePage,
    ExplainerIndexPage,
    HomePage,
    ImprintPage,
    PortalPage,
    ProgrammePage,
    PublicPrivacyNoticePage,
    PublicServiceSettings,
    SignLanguagePage,
    StaffPrivacyNoticePage,
)
from learning import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def setup_site(*args, **options):
    out = io.StringIO()
    call_command("setup_site", *args, stdout=out, **options)
    return out.getvalue()


def snapshot():
    return (
        list(Page.objects.values_list("pk", "path", "title", "slug", "live", "latest_revision_id")),
        list(Site.objects.values_list("pk", "hostname", "port", "root_page_id", "is_default_site")),
        Revision.objects.count(),
        PageViewRestriction.objects.count(),
        Group.objects.count(),
        get_user_model().objects.count(),
        PublicServiceSettings.objects.count(),
        list(Collection.objects.values_list("pk", "path", "name")),
        list(CollectionViewRestriction.objects.values_list("pk", "collection_id", "restriction_type")),
    )


def test_a_fresh_database_gets_the_page_tree_sites_and_roles(client, settings):
    settings.LERNHAFEN_DEMO_ALLOWED = False  # as in production: setup_site is no demo
    output = setup_site("--name", "Jobcenter Beispielstadt")

    home = HomePage.objects.get()
    assert home.title == "Jobcenter Beispielstadt"
    portal = PortalPage.objects.child_of(home).get()
    assert portal.url_path == "/startseite/lernen/"
    assert PageViewRestriction.objects.filter(page=portal, restriction_type="login").exists()
    assert CatalogPage.objects.child_of(portal).get().slug == "kurse"
    assert list(ProgrammePage.objects.child_of(portal).values_list("title", flat=True)) == [
        "BASS-Studium",
        "Inhouse-Schulungen",
        "Pflichtschulungen",
    ]
    assert StaffPrivacyNoticePage.objects.child_of(portal).exists()
    index = ExplainerIndexPage.objects.child_of(home).get()
    assert (
        EasyLanguagePage.objects.child_of(index).exists()
        and SignLanguagePage.objects.child_of(index).exists()
    )
    for page_class in (AccessibilityStatementPage, PublicPrivacyNoticePage, ImprintPage):
        assert page_class.objects.child_of(home).live().exists(), page_class
    # Wagtail's "Welcome to your new Wagtail site!" is gone; the staff host is the default site.
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()
    default = Site.objects.get(is_default_site=True)
    assert (default.hostname, default.port, default.root_page_id) == ("testserver", 80, home.pk)
    public = Site.objects.get(hostname="www.jobcenter-musterkreis.example")
    assert (public.port, public.root_page_id, public.is_default_site) == (443, home.pk, False)
    assert PublicServiceSettings.objects.get(site=default).office_name == "Jobcenter Beispielstadt"
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {
        "de",
        "en",
        "ar",
        "tr",
        "uk",
        "ru",
        "fa",
    }
    assert set(roles.ROLES) <= set(Group.objects.values_list("name", flat=True))
    assert Group.objects.get(name=roles.EDITORS).permissions.filter(codename="access_admin").exists()
    # No demo users, no demo content.
    assert not get_user_model().objects.exists()
    assert "Seite angelegt: Mein Lernen" in output

    response = client.get("/")
    assert response.status_code == 200
    assert "Jobcenter Beispielstadt" in response.content.decode()
    assert "Welcome to your new Wagtail site" not in response.content.decode()
    response = client.get("/lernen/")
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")
    assert client.get("/erklaert/").status_code == 200
    assert client.get("/barrierefreiheit/").status_code == 200


def test_staff_documents_get_a_collection_for_signed_in_people_only(client):
    output = setup_site()
    staff = Collection.get_first_root_node().get_children().get(name="Beschäftigte")
    restriction = CollectionViewRestriction.objects.get(collection=staff)
    assert restriction.restriction_type == CollectionViewRestriction.LOGIN
    assert "Sammlung „Beschäftigte“ angelegt" in output
    # The roles' rights on the root collection reach it: Redaktion files documents there, learners do not.
    document_policy = policy_registry.get_by_type(get_document_model())
    editor = UserFactory(username="rita", groups=["Lernende", "Redaktion"])
    learner = UserFactory(username="lena", groups=["Lernende"])
    assert staff in document_policy.collections_user_has_permission_for(editor, "add")
    assert staff not in document_policy.collections_user_has_permission_for(learner, "add")
    # A document in it is for signed-in people only.
    document = get_document_model().objects.create(
        title="Dienstanweisung",
        collection=staff,
        file=ContentFile(simple_pdf("Dienstanweisung", []), "da.pdf"),
    )
    assert client.get(document.url).status_code == 302
    client.force_login(learner)
    assert client.get(document.url).status_code == 200


def test_an_existing_staff_collection_is_left_as_the_admin_set_it():
    setup_site()
    staff = Collection.objects.get(name="Beschäftigte")
    CollectionViewRestriction.objects.filter(collection=staff).update(
        restriction_type=CollectionViewRestriction.GROUPS
    )
    before = snapshot()
    output = setup_site()
    assert snapshot() == before and "nichts geändert" in output


def test_twice_changes_nothing():
    setup_site()
    before = snapshot()
    output = setup_site()
    assert snapshot() == before
    assert "nichts geändert" in output


def test_what_editors_changed_stays_and_what_is_missing_comes_back():
    setup_site()
    home = HomePage.objects.get()
    home.title = "Unser Jobcenter"
    home.save_revision().publish()
    portal = PortalPage.objects.get()
    portal.slug, portal.title = "intranet", "Fortbildung"
    portal.save_revision().publish()
    programme = ProgrammePage.objects.get(slug="inhouse-schulungen")
    programme.title = "Schulungen im Haus"
    programme.save_revision().publish()
    CatalogPage.objects.get().delete()
    ImprintPage.objects.get().delete()

    output = setup_site()

    assert HomePage.objects.get().title == "Unser Jobcenter"
    portal = PortalPage.objects.get()
    assert (portal.slug, portal.title) == ("intranet", "Fortbildung")
    assert ProgrammePage.objects.count() == 3  # found by its slug, not made a second time
    assert CatalogPage.objects.child_of(portal).count() == 1
    assert ImprintPage.objects.count() == 1
    assert "Seite angelegt: Kurse" in output and "Seite angelegt: Impressum" in output


def test_an_existing_home_page_is_completed_below_it(home_page):
    home_page.title = "Jobcenter Altstadt"
    home_page.save()
    setup_site()
    assert HomePage.objects.get().title == "Jobcenter Altstadt"
    assert PortalPage.objects.child_of(home_page).exists()
    assert Site.objects.get(is_default_site=True).root_page_id == home_page.pk


def test_a_site_with_another_page_tree_stops_it_and_nothing_is_written():
    root = Page.get_first_root_node()
    other = root.add_child(instance=Page(title="Altes Intranet", slug="altes-intranet"))
    other.add_child(instance=Page(title="Telefonliste", slug="telefonliste"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = other
    site.save()
    before = snapshot()
    with pytest.raises(CommandError, match="zeigt auf „Altes Intranet“") as error:
        setup_site()
    assert "nichts geändert" in str(error.value)
    assert snapshot() == before


def test_a_page_of_the_wrong_type_at_a_needed_slug_stops_it(home_page):
    home_page.add_child(instance=Page(title="Lernen (alt)", slug="lernen"))
    before = snapshot()
    with pytest.raises(CommandError, match="Kurzform „lernen“ schon die Seite „Lernen \\(alt\\)“"):
        setup_site()
    assert snapshot() == before


def test_the_first_admin_with_a_password_from_the_environment(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Hafenkran-Leuchtturm-2026")
    output = setup_site("--admin-email", "it@jobcenter.example", "--no-input")
    admin = get_user_model().objects.get()
    assert (admin.username, admin.email, admin.is_superuser, admin.is_staff) == (
        "it",
        "it@jobcenter.example",
        True,
        True,
    )
    assert "Administrationskonto „it“" in output
    assert client.login(username="it", password="Hafenkran-Leuchtturm-2026")
    # A second run leaves the account (and its password) alone.
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Hafenkran-Ankerkette-2026")
    assert "gibt es schon" in setup_site("--admin-email", "it@jobcenter.example", "--no-input")
    assert get_user_model().objects.get().check_password("Hafenkran-Leuchtturm-2026")


def test_the_first_admin_without_a_password_gets_none(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    output = setup_site("--admin-email", "admin@jobcenter.example", "--admin-username", "admin", "--no-input")
    assert not get_user_model().objects.get(username="admin").has_usable_password()
    assert "changepassword admin" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--admin-email", "keine-adresse"], "keine gültige E-Mail-Adresse"),
        (
            ["--admin-email", "a@b.example", "--admin-username", "mit leerzeichen"],
            "kein gültiger Benutzername",
        ),
    ],
)
def test_bad_admin_options_write_nothing(args, message):
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        setup_site(*args, "--no-input")
    assert snapshot() == before


def test_a_weak_admin_password_is_refused(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "123")
    with pytest.raises(CommandError, match="Passwort"):
        setup_site("--admin-email", "it@jobcenter.example", "--no-input")
    assert not get_user_model().objects.exists() and not HomePage.objects.exists()
