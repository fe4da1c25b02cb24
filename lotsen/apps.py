"""App config of the Digitalisierungslotsen app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LotsenConfig(AppConfig):
    name = "lotsen"
    verbose_name = "Digitalisierungslotsen"

    def ready(self):
        # The reader rule can only be registered once the apps' models are loaded.
        from learning import privacy, reminders, retention  # noqa: PLC0415

        from . import my_data, permissions, signals  # noqa: PLC0415
        from . import retention as lotsen_retention  # noqa: PLC0415

        privacy.register_reader_rule("lotsen.coaching_with_consent", permissions.coached_with_consent)
        # Who gets a copy of a colleague's reminders (when the colleague asks for it): learning may not
        # import lotsen, so the Lotsen app tells it.
        reminders.register_lotse_finder("lotsen.coaching_with_consent", permissions.reminder_copy_recipients)
        signals.connect()
        my_data.register()
        # Retention periods of the Lotsen data (settings.RETENTION, docs/retention.md).
        retention.register_purge("self_checks", _("Kompetenz-Checks"), lotsen_retention.purge_self_checks)
        retention.register_purge(
            "coachings", _("beendete Begleitungen mit Terminen und Notizen"), lotsen_retention.purge_coachings
        )
        retention.register_purge(
            "sessions", _("Termine ohne Begleitung (Sprechstunden, Gruppen)"), lotsen_retention.purge_sessions
        )
        retention.register_purge(
            "help_requests", _("abgeschlossene Hilfeanfragen"), lotsen_retention.purge_help_requests
        )
