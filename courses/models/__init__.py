"""Models of the content app, split by topic."""

from .pages import *  # noqa: F403
