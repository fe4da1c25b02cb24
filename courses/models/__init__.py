"""Models of the content app, split by topic."""

# Imported here because every process that can change pages (web, Celery worker, management commands)
# loads the models: its signal receivers purge the public page cache on publish, move and delete.
from courses import public  # noqa: F401

from .accessibility import *  # noqa: F403
from .competences import *  # noqa: F403
from .pages import *  # noqa: F403
