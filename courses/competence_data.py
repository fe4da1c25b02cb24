"""Loads the DigComp 2.2 framework shipped in courses/data/ (5 areas, 21 competences)."""

import csv
from pathlib import Path

DIGCOMP_CSV = Path(__file__).resolve().parent / "data" / "digcomp-2.2.csv"
FRAMEWORK = "DigComp 2.2"


def load_digcomp(competence_model):
    """Create or update every row of the CSV; idempotent. Takes the model so migrations can pass theirs."""
    with DIGCOMP_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            competence_model.objects.update_or_create(
                framework=FRAMEWORK,
                code=row["code"],
                defaults={
                    "area_code": row["area_code"],
                    "title_en": row["title_en"],
                    "title_de": row["title_de"],
                },
            )
