"""Demo content for seed_demo: staff portal, courses, videos and public explainers, built from data/."""

from . import explainers, loader, notices, pages
from .tree import ensure_child, translate

__all__ = ["ensure_child", "seed", "site_texts", "translate"]


def site_texts(data=None):
    """The demo's wording of the pages setup_site makes (courses.site_setup.STARTER_TEXTS), so that
    seed_demo builds on setup_site and the demo pages still read as before."""
    data = data or loader.load()
    return {
        "home": data.home,
        "portal": data.portal,
        "catalog": data.catalog,
        "programmes": data.programmes,
        "explainer_index": data.explainer_index,
        "easy_language": data.easy_start,
        "sign_language": data.sign_language,
        "statement": data.statement,
        "staff_privacy": notices.page_fields(data.notices["staff_privacy"]),
        "public_privacy": notices.page_fields(data.notices["public_privacy"]),
        "imprint": notices.page_fields(data.notices["imprint"]),
    }


def seed(stdout):
    """Read and check all demo data first, so a mistake in a file stops the seed before any page is made."""
    data = loader.load()
    pages.seed(stdout, data)
    explainers.seed(stdout, data)
    notices.seed(stdout, data)
