"""Models of the content app, split by topic."""

from .competences import *  # noqa: F403
from .pages import *  # noqa: F403
from .video import *  # noqa: F403
