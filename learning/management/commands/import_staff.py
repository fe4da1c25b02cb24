"""Import org units and staff from HR's CSV or XLSX files (learning.staff_import); --dry-run shows the plan."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.spreadsheets import SpreadsheetError, check_size
from learning import staff_import
from learning.tasks import sync_requirement


class Command(BaseCommand):
    help = (
        "Importiert Organisationseinheiten und Beschäftigte aus CSV- oder XLSX-Dateien des Personalverfahrens. "
        "Alles oder nichts: Bei einem Fehler wird nichts geändert, der Bericht nennt Zeile und Spalte."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="+", help="CSV- oder XLSX-Dateien (Einheiten und/oder Beschäftigte)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Nur zeigen, was sich ändern würde.")
        parser.add_argument(
            "--full",
            action="store_true",
            help="Vollständiger Export: Wer in der Liste der Beschäftigten fehlt, wird deaktiviert (nicht gelöscht).",
        )

    def handle(self, *args, files, dry_run, full, **options):
        uploads = []
        for name in files:
            path = Path(name)
            try:
                check_size(path.name, path.stat().st_size, staff_import.max_bytes())
                uploads.append((path.name, path.read_bytes()))
            except SpreadsheetError as error:
                raise CommandError(f"{error} Es wurde nichts geändert.") from error
            except OSError as error:
                raise CommandError(f"Die Datei „{name}“ lässt sich nicht lesen: {error.strerror}.") from error
        result = staff_import.run(uploads, full=full, dry_run=dry_run)
        for line in result.summary():
            self.stdout.write(line)
        if not result.ok:
            raise CommandError("Der Import wurde nicht ausgeführt; es wurde nichts geändert.")
        for requirement_id in result.requirement_ids:
            sync_requirement.delay_on_commit(requirement_id)
