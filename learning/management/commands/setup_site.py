"""Set up a new installation: page tree, locales, sites, roles, optionally the first admin (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from learning import site_setup


class Command(BaseCommand):
    help = (
        "Legt Seitenbaum, Sprachen, Websites und Rollen einer neuen Installation an und ergänzt, was fehlt. "
        "Mehrfach ausführbar; ändert nichts, was die Redaktion angepasst hat. Legt keine Demo-Inhalte an."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--name",
            default="Jobcenter",
            help="Name des Jobcenters: Titel der neuen Startseite und der Website (Standard: Jobcenter).",
        )
        parser.add_argument(
            "--admin-email", help="Legt ein Administrationskonto mit dieser E-Mail-Adresse an."
        )
        parser.add_argument(
            "--admin-username", help="Benutzername des Administrationskontos (Standard: Teil vor dem @)."
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Nicht nach dem Passwort fragen (es kommt dann aus DJANGO_SUPERUSER_PASSWORD oder fehlt).",
        )

    def handle(self, *args, **options):
        try:
            site_setup.setup_site(
                self.stdout,
                options["name"],
                admin_email=options["admin_email"],
                admin_username=options["admin_username"],
                interactive=options["interactive"],
            )
        except site_setup.SetupError as error:
            raise CommandError(f"setup_site hat nichts geändert: {error}") from error
        self.stdout.write(self.style.SUCCESS("Die Installation ist eingerichtet."))
