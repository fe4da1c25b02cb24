"""Models of the content app, split by topic."""

from .accessibility import *  # noqa: F403
from .competences import *  # noqa: F403
from .dates import *  # noqa: F403
from .explainers import *  # noqa: F403
from .notices import *  # noqa: F403
from .pages import *  # noqa: F403
from .search import *  # noqa: F403
from .video import *  # noqa: F403
