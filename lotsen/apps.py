"""App config of the Digitalisierungslotsen app."""

from django.apps import AppConfig


class LotsenConfig(AppConfig):
    name = "lotsen"
    verbose_name = "Digitalisierungslotsen"

    def ready(self):
        from learning import privacy

        from . import permissions

        privacy.register_reader_rule("lotsen.coaching_with_consent", permissions.coached_with_consent)
