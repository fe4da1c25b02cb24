"""The page tree, locales and Wagtail Sites of a new installation (setup_site), with neutral starter texts.

Everything here only adds what is missing: a page is found by its type (or, for programmes, by slug or
title) before one is made, so whatever editors changed since stays as it is, and a second run changes
nothing. A tree that does not fit (a site whose root is some other page, a child of the wrong type at a
slug the tree needs) stops the run with a message saying what was found; the caller's transaction then
leaves the database as it was.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page, Site

from .models import (
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
    ensure_login_restriction,
)

# Neutral starter texts. "{name}" is the job centre's name (setup_site --name). Editors replace them.
TODO = "Bitte ergänzen Sie diesen Text im Redaktionssystem."
STARTER_TEXTS = {
    "home": {
        "slug": "startseite",
        "title": "{name}",
        "intro": "<p>Willkommen beim {name}. Hier finden Sie Erklärungen zu unseren Online-Diensten. "
        "Beschäftigte finden hier ihre Fortbildungen.</p>",
    },
    "portal": {
        "slug": "lernen",
        "title": "Mein Lernen",
        "intro": "<p>Ihre Kurse, Pflichtschulungen und Zertifikate an einem Ort.</p>",
    },
    "catalog": {
        "slug": "kurse",
        "title": "Kurse",
        "intro": "<p>Alle Fortbildungen an einem Ort. Suchen Sie nach Thema, Programm, Kompetenz oder Dauer.</p>",
    },
    "programmes": [
        {
            "slug": "bass-studium",
            "title": "BASS-Studium",
            "intro": "<p>Begleitende Lernangebote für Studierende im dualen Studium BASS.</p>",
            "audience": "Studierende im dualen Studium BASS und ihre Praxisanleitungen",
        },
        {
            "slug": "inhouse-schulungen",
            "title": "Inhouse-Schulungen",
            "intro": "<p>Fortbildungen aus dem eigenen Haus.</p>",
            "audience": "Alle Beschäftigten",
        },
        {
            "slug": "pflichtschulungen",
            "title": "Pflichtschulungen",
            "intro": "<p>Unterweisungen, die alle Beschäftigten regelmäßig absolvieren.</p>",
            "audience": "Alle Beschäftigten",
        },
    ],
    "explainer_index": {
        "slug": "erklaert",
        "title": "Erklärt",
        "intro": "Hier erklären wir Schritt für Schritt, wie Sie die Online-Dienste des Jobcenters nutzen.",
    },
    "easy_language": {
        "slug": "leichte-sprache",
        "title": "Leichte Sprache",
        "intro": "Hier finden Sie Infos in Leichter Sprache.",
        "body": [{"type": "paragraph", "value": "Das ist die Internet·seite vom {name}."}],
    },
    "sign_language": {
        "slug": "gebaerdensprache",
        "title": "Gebärdensprache",
        "text": "Hier zeigen wir bald Videos in Deutscher Gebärdensprache (DGS).",
    },
    "statement": {"slug": "barrierefreiheit", "title": "Erklärung zur Barrierefreiheit"},
    "staff_privacy": {
        "slug": "datenschutz",
        "title": "Datenschutzhinweise für Beschäftigte",
        "lead": TODO,
    },
    "public_privacy": {"slug": "datenschutz", "title": "Datenschutzerklärung", "lead": TODO},
    "imprint": {"slug": "impressum", "title": "Impressum", "lead": TODO},
}


# The collection for documents of staff lessons: signed-in people only (courses.media_access, rule 1). The roles'
# rights on the root collection (learning.roles) cover it, as they cover every collection below the root.
STAFF_COLLECTION = "Beschäftigte"


class SetupConflict(Exception):
    """The existing page tree does not fit; the message says what was found (German, for the operator)."""


def _fill(value, name):
    if isinstance(value, str):
        return value.replace("{name}", name)
    if isinstance(value, list):
        return [_fill(item, name) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, name) for key, item in value.items()}
    return value


def _describe(page):
    return (
        f"„{page.title}“ (Typ {page.specific_class._meta.verbose_name}, ID {page.pk}, Pfad {page.url_path})"
    )


class Builder:
    """One run: collects what it created, so the command can report it."""

    def __init__(self, texts, name):
        self.texts = _fill(texts, name)
        self.name = name
        self.created = []

    def child(self, parent, page_class, key, match_slug=False):
        """The child of `parent` of this type (or with this slug), else a new one from texts[key]."""
        fields = dict(self.texts[key]) if isinstance(key, str) else dict(key)
        children = parent.get_children()
        found = None
        if match_slug:
            found = (
                page_class.objects.child_of(parent).filter(slug=fields["slug"]).first()
                or page_class.objects.child_of(parent).filter(title=fields["title"]).first()
            )
        else:
            found = page_class.objects.child_of(parent).order_by("path").first()
        if found is not None:
            return found
        taken = children.filter(slug=fields["slug"]).first()
        if taken is not None:
            raise SetupConflict(
                f"Unter {_describe(parent)} steht an der Kurzform „{fields['slug']}“ schon die Seite "
                f"{_describe(taken)}; dort gehört eine Seite vom Typ „{page_class._meta.verbose_name}“ hin. "
                "Bitte benennen Sie die Seite um oder verschieben Sie sie, dann starten Sie setup_site erneut."
            )
        page = parent.add_child(instance=page_class(**fields))
        self.created.append(page)
        return page

    def home(self):
        """The one German HomePage; the placeholder "Welcome" root of a fresh Wagtail is replaced."""
        homes = list(HomePage.objects.filter(alias_of__isnull=True, locale=Locale.get_default()))
        if len(homes) > 1:
            raise SetupConflict(
                "Es gibt mehrere Startseiten: "
                + ", ".join(_describe(page) for page in homes)
                + ". setup_site weiß nicht, welche gilt; bitte löschen oder verschieben Sie die übrigen."
            )
        if homes:
            return homes[0]
        default = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if default is not None and not _is_placeholder(default.root_page):
            raise SetupConflict(
                f"Die Website „{default.site_name or default.hostname}“ zeigt auf {_describe(default.root_page)}, "
                "nicht auf eine Startseite von Lernhafen. setup_site legt keinen zweiten Seitenbaum daneben an: "
                "Bitte richten Sie die Website im Admin unter Einstellungen → Websites auf eine Startseite aus "
                "oder entfernen Sie den fremden Seitenbaum."
            )
        home = Page.get_first_root_node().add_child(instance=HomePage(**self.texts["home"]))
        self.created.append(home)
        return home

    def tree(self):
        home = self.home()
        portal = self.child(home, PortalPage, "portal")
        ensure_login_restriction(portal)
        self.child(portal, CatalogPage, "catalog")
        for programme in self.texts["programmes"]:
            self.child(portal, ProgrammePage, programme, match_slug=True)
        self.child(portal, StaffPrivacyNoticePage, "staff_privacy")
        index = self.child(home, ExplainerIndexPage, "explainer_index")
        self.child(index, EasyLanguagePage, "easy_language")
        self.child(index, SignLanguagePage, "sign_language")
        self.child(home, AccessibilityStatementPage, "statement")
        self.child(home, PublicPrivacyNoticePage, "public_privacy")
        self.child(home, ImprintPage, "imprint")
        return home


def _is_placeholder(page):
    """Wagtail's "Welcome to your new Wagtail site!" page: a plain Page at depth 2 without children."""
    return page.specific_class is Page and page.depth == 2 and page.numchild == 0


def host_and_port(url):
    parts = urlsplit(url)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def configured_hosts():
    """(hostname, port) of the staff host (BASE_URL) and, if it differs, of the public host."""
    hosts = [host_and_port(settings.WAGTAILADMIN_BASE_URL)]
    public = host_and_port(settings.PUBLIC_BASE_URL)
    if public not in hosts:
        hosts.append(public)
    return hosts


def ensure_sites(home, hosts, site_name):
    """A Site per host with the home page as root; the first is the default. Returns the new ones.

    The placeholder site of a fresh Wagtail (root: the welcome page) is taken over; a site that already
    exists for a host keeps its settings, whatever it points at (an editor may have set it up).
    """
    created = []
    default = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if default is not None and default.root_page_id != home.pk and _is_placeholder(default.root_page):
        placeholder = default.root_page
        default.hostname, default.port = hosts[0]
        default.root_page, default.site_name = home, site_name
        default.save()
        if not Site.objects.filter(root_page=placeholder).exists():
            placeholder.delete()
        created.append(default)
    for number, (hostname, port) in enumerate(hosts):
        if Site.objects.filter(hostname=hostname, port=port).exists():
            continue
        is_default = number == 0 and not Site.objects.filter(is_default_site=True).exists()
        created.append(
            Site.objects.create(
                hostname=hostname, port=port, root_page=home, is_default_site=is_default, site_name=site_name
            )
        )
    return created


def ensure_locales():
    created = []
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        _locale, is_new = Locale.objects.get_or_create(language_code=code)
        if is_new:
            created.append(code)
    return created


def ensure_public_service_settings(name):
    """The contact details of the public pages for every site (empty address: editors fill it in)."""
    created = 0
    for site in Site.objects.all():
        if not PublicServiceSettings.objects.filter(site=site).exists():
            PublicServiceSettings.objects.create(site=site, office_name=name[:150])
            created += 1
    return created


def ensure_staff_collection():
    """The staff documents' collection with its sign-in restriction; (collection, created).

    Found by its name below the root; an existing one is left as it is, so a restriction an administrator
    changed on purpose (a group instead of every signed-in person) stays."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=STAFF_COLLECTION).first()
    if collection is not None:
        return collection, False
    collection = root.add_child(name=STAFF_COLLECTION)
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection, True


@transaction.atomic
def setup(stdout, name, texts=None, hosts=None):
    """Locales, page tree, sites, public contact settings and the staff collection; raises SetupConflict (nothing written)."""
    locales = ensure_locales()
    builder = Builder(texts or STARTER_TEXTS, name)
    home = builder.tree()
    sites = ensure_sites(home, hosts or configured_hosts(), site_name=home.title)
    contacts = ensure_public_service_settings(name)
    _collection, collection_created = ensure_staff_collection()
    if locales:
        stdout.write(f"Sprachen angelegt: {', '.join(locales)}.")
    for page in builder.created:
        stdout.write(f"Seite angelegt: {page.title} ({page.url_path})")
    for site in sites:
        stdout.write(f"Website eingerichtet: {site.hostname}:{site.port} → {home.title}")
    if contacts:
        stdout.write(f"Kontaktangaben für {contacts} Website(s) angelegt (Anschrift bitte ergänzen).")
    if collection_created:
        stdout.write(
            f"Sammlung „{STAFF_COLLECTION}“ angelegt: Dokumente darin sehen nur angemeldete Beschäftigte."
        )
    if not (locales or builder.created or sites or contacts or collection_created):
        stdout.write("Seitenbaum, Sprachen, Websites und Sammlungen sind vollständig; nichts geändert.")
    return home
