"""Models of the learner record, split by topic."""

from .certificates import *  # noqa: F403
from .exports import *  # noqa: F403
from .org import *  # noqa: F403
from .privacy import *  # noqa: F403
from .records import *  # noqa: F403
from .reminders import *  # noqa: F403
from .requirements import *  # noqa: F403
from .retention import *  # noqa: F403
from .termine import *  # noqa: F403
