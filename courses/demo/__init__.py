"""Demo content for seed_demo: staff portal, courses, videos and public explainers, built from data/."""

from . import explainers, loader, notices, pages
from .tree import ensure_child, translate

__all__ = ["ensure_child", "seed", "translate"]


def seed(stdout):
    """Read and check all demo data first, so a mistake in a file stops the seed before any page is made."""
    data = loader.load()
    pages.seed(stdout, data)
    explainers.seed(stdout, data)
    notices.seed(stdout, data)
