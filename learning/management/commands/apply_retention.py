"""Apply the retention periods now, or with --dry-run only show what would be deleted."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from learning import retention

UNITS = {"days": ("Tag", "Tage"), "months": ("Monat", "Monate"), "years": ("Jahr", "Jahre")}


def describe(category):
    """The period of a category in German, e.g. "24 Monate"; expired sessions have their own expiry."""
    if category == retention.SESSIONS:
        return "abgelaufen"
    ((unit, number),) = retention.period(category).items()
    singular, plural = UNITS[unit]
    return f"{number} {singular if number == 1 else plural}"


class Command(BaseCommand):
    help = (
        "Löscht personenbezogene Daten, deren Aufbewahrungsfrist abgelaufen ist (RETENTION). "
        "Mit --dry-run wird nur gezählt und nichts geändert."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Nur zählen, was gelöscht würde; nichts ändern."
        )

    def handle(self, *args, dry_run=False, **options):
        # A dry run is allowed under any settings, production included: it only counts.
        now = timezone.now()
        if dry_run:
            self.stdout.write("Probelauf: Es wird nichts gelöscht. Gelöscht würden:")
        counts = retention.apply(dry_run=dry_run, now=now)
        labels = {purge.category: purge.label for purge in retention.purges()}
        for category, label in labels.items():
            count = counts.get(category)
            shown = "Fehler, siehe Protokoll" if count is None else count
            self.stdout.write(f"  {label} ({describe(category)}): {shown}")
        total = sum(counts.values())
        if dry_run:
            self.stdout.write(f"Zusammen: {total}. Nichts wurde geändert.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Aufbewahrungsfristen angewendet: {total} gelöscht."))
        if len(counts) < len(labels):
            raise CommandError(
                "Mindestens eine Kategorie ist fehlgeschlagen (siehe Protokoll); der nächste Lauf versucht es erneut."
            )
