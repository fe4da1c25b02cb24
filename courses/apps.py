"""App config of the content app."""

from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Inhalte"

    def ready(self):
        # Connects the receiver that enqueues video processing in every process that saves videos.
        from . import search, tasks  # noqa: F401, PLC0415

        search.connect_signals()
