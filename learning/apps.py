"""App config of the learner record."""

from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Lernstand"

    def ready(self):
        # Receivers: the learner record's, and the page-cache purge that every process changing pages needs.
        from courses.quiz import register_attempt_history  # noqa: PLC0415 - apps are loaded only now

        from . import mfa, middleware, security_log, sessions, signals  # noqa: F401, PLC0415 - connects the receivers
        from .attempts import attempt_history  # noqa: PLC0415 - imports models

        # Sign-ins, failed sign-ins and changes of rights go to the access log as security events.
        security_log.connect()

        # courses.quiz decides on attempts; the history it needs is the learner record's.
        register_attempt_history(attempt_history)

        # kombu's filesystem transport and Celery's file result backend expect their folders to exist.
        if settings.CELERY_BROKER_URL.startswith("filesystem://"):
            options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
            for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
                Path(options[key]).mkdir(parents=True, exist_ok=True)
        if settings.CELERY_RESULT_BACKEND.startswith("file://"):
            Path(settings.CELERY_RESULT_BACKEND.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
