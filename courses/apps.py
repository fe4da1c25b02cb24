"""App config of the content app."""

from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Inhalte"

    def ready(self):
        # Every process that can change pages (web, worker, management commands) must purge the
        # public page cache on publish, move and delete.
        from courses import public  # noqa: F401 - connects the receivers
