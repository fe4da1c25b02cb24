"""App config of the Digitalisierungslotsen app."""

from django.apps import AppConfig


class LotsenConfig(AppConfig):
    name = "lotsen"
    verbose_name = "Digitalisierungslotsen"

    def ready(self):
        # The reader rule can only be registered once the apps' models are loaded.
        from learning import privacy  # noqa: PLC0415

        from . import my_data, permissions, signals  # noqa: PLC0415

        privacy.register_reader_rule("lotsen.coaching_with_consent", permissions.coached_with_consent)
        signals.connect()
        my_data.register()
