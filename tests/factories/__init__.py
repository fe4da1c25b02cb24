"""factory_boy factories for the tests, one module per app; tests import them from here."""

from .courses import *  # noqa: F403
from .learning import *  # noqa: F403
from .lotsen import *  # noqa: F403
