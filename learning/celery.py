"""The one shared Celery app; each Django app keeps its tasks in its own tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learning.settings.dev")

app = Celery("lernhafen")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
