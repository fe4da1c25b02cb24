"""App config of the Digitalisierungslotsen app."""

from django.apps import AppConfig


class LotsenConfig(AppConfig):
    name = "lotsen"
    verbose_name = "Digitalisierungslotsen"

    def ready(self):
        # The reader rule can only be registered once the apps' models are loaded.
        from learning import privacy, reminders  # noqa: PLC0415

        from . import permissions, signals  # noqa: PLC0415

        privacy.register_reader_rule("lotsen.coaching_with_consent", permissions.coached_with_consent)
        # Who gets a copy of a colleague's reminders (when the colleague asks for it): learning may not
        # import lotsen, so the Lotsen app tells it.
        reminders.register_lotse_finder("lotsen.coaching_with_consent", permissions.reminder_copy_recipients)
        signals.connect()
