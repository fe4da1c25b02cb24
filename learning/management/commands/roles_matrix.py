"""Write docs/datenschutz/rollen-und-rechte.md from the roles in the code, or check that it is current."""

from django.core.management.base import BaseCommand, CommandError

from learning import datenschutz_docs


class Command(BaseCommand):
    help = "Schreibt die Rollen- und Rechtematrix (docs/datenschutz/rollen-und-rechte.md) aus dem Code."
    document = "roles_matrix"

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Nur prüfen, ob die Datei aktuell ist; nichts schreiben."
        )

    def handle(self, *args, check=False, **options):
        path, _render = datenschutz_docs.DOCUMENTS[self.document]
        if check:
            if not datenschutz_docs.is_current(self.document):
                raise CommandError(
                    f"{path.name} ist nicht aktuell. Bitte `python manage.py {self.document}` ausführen."
                )
            self.stdout.write(f"{path.name} ist aktuell.")
            return
        datenschutz_docs.write(self.document)
        self.stdout.write(self.style.SUCCESS(f"{path.name} geschrieben."))
