"""Build the catalogue's search terms of every course again (after an import or an upgrade)."""

from django.core.management.base import BaseCommand

from courses import search


class Command(BaseCommand):
    help = "Baut den Suchindex des Kurskatalogs neu auf."

    def handle(self, *args, **options):
        count = search.rebuild()
        self.stdout.write(f"Suchindex aufgebaut: {count} Kurse.")
