"""Demo content of the page tree for seed_demo: home page and the staff portal."""

from wagtail.models import Page, Site

from . import demo_explainers
from .models import HomePage, PortalPage


def ensure_home_page():
    """The job centre's home page as the default site's root, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Jobcenter Musterkreis",
                slug="jobcenter",
                intro="<p>Willkommen beim Jobcenter Musterkreis. Hier finden Sie Erklärungen zu unseren "
                "Online-Diensten. Beschäftigte finden hier ihre Fortbildungen.</p>",
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Jobcenter Musterkreis",
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Jobcenter Musterkreis"
        site.save()
        # Wagtail's "Welcome" placeholder has no content of ours; remove it.
        if old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()
    return home


def ensure_child(parent, page_class, slug, **fields):
    """Return the child page with this slug, creating it (published) when it is missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    return parent.add_child(instance=page_class(slug=slug, **fields))


def seed(stdout):
    home = ensure_home_page()
    ensure_child(
        home,
        PortalPage,
        "lernen",
        title="Mein Lernen",
        intro="<p>Ihre Kurse, Pflichtschulungen und Zertifikate an einem Ort.</p>",
    )
    stdout.write("Seitenbaum: Startseite und Lernportal sind da.")
    demo_explainers.seed(stdout)
