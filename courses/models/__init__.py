"""Models of the content app, split by topic."""

from .pages import *  # noqa: F403
from .video import *  # noqa: F403
