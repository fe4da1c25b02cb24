"""Demo content for seed_demo: staff portal, courses, videos and public explainers."""

from . import explainers, pages
from .tree import ensure_child, translate

__all__ = ["ensure_child", "seed", "translate"]


def seed(stdout):
    pages.seed(stdout)
    explainers.seed(stdout)
