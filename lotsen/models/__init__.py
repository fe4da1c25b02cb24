"""Models of the Digitalisierungslotsen, split by topic."""

from .profiles import *  # noqa: F403
from .reporting import *  # noqa: F403
from .selfcheck import *  # noqa: F403
from .support import *  # noqa: F403
