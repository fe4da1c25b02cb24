"""Load demo content and demo accounts (idempotent; refused outside the embedded default and tests)."""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from learning import site_setup

# Each app seeds its own part in its demo.py; the order follows the import direction of the apps.
DEMO_MODULES = ["courses.demo", "learning.demo", "lotsen.demo"]


class Command(BaseCommand):
    help = "Legt Demo-Inhalte und Demo-Konten an (mehrfach ausführbar, ohne Dubletten)."

    def handle(self, *args, **options):
        if not getattr(settings, "LERNHAFEN_DEMO_ALLOWED", False):
            raise CommandError(
                "seed_demo ist mit diesen Einstellungen gesperrt: Demo-Konten haben ein bekanntes Passwort "
                "und gehören nie in den Produktivbetrieb."
            )
        with transaction.atomic():
            # The demo builds on what every installation has (setup_site), in the demo's own wording.
            from courses.demo import site_texts  # noqa: PLC0415 - the demo package only where it is allowed

            # One site, as the demo always had: http://localhost/ and every other host fall back to it.
            site_setup.setup_site(
                self.stdout, "Jobcenter Musterkreis", texts=site_texts(), hosts=[("localhost", 80)]
            )
            seeded = []
            for module_name in DEMO_MODULES:
                try:
                    module = import_module(module_name)
                except ModuleNotFoundError as exc:
                    if exc.name != module_name:
                        raise
                    continue
                module.seed(self.stdout)
                seeded.append(module)
            # What needs every app's demo data (mandatory trainings need the whole staff) comes last.
            for module in seeded:
                if hasattr(module, "finish"):
                    module.finish(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo-Inhalte sind bereit."))
