"""The competence framework (DigComp 2.2) that courses and self-checks refer to."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

__all__ = ["LEVEL_CHOICES", "Competence", "level_band"]

# DigComp 2.2 proficiency: 8 levels in 4 bands of two.
BANDS = [
    _("grundlegend"),
    _("selbstständig"),
    _("fortgeschritten"),
    _("hoch spezialisiert"),
]
LEVEL_CHOICES = [(level, f"{level} – {BANDS[(level - 1) // 2]}") for level in range(1, 9)]


def level_band(level):
    """The band name of a proficiency level 1–8, e.g. 3 → "selbstständig"."""
    return BANDS[(int(level) - 1) // 2]


class Competence(index.Indexed, models.Model):
    """A competence area ("4") or competence ("4.2") of a framework; areas have no area_code."""

    framework = models.CharField(_("Rahmen"), max_length=40, default="DigComp 2.2")
    code = models.CharField(_("Nummer"), max_length=10)
    area_code = models.CharField(
        _("Kompetenzbereich"), max_length=10, blank=True, help_text=_("Leer bei einem Kompetenzbereich.")
    )
    title_en = models.CharField(_("Titel (Englisch, offiziell)"), max_length=200)
    title_de = models.CharField(
        _("Titel (Deutsch)"),
        max_length=200,
        help_text=_(
            "Es gibt keine amtliche deutsche Fassung von DigComp 2.2; dies ist eine gängige Übersetzung."
        ),
    )

    panels = [
        FieldPanel("framework"),
        FieldPanel("code"),
        FieldPanel("area_code"),
        FieldPanel("title_de"),
        FieldPanel("title_en"),
    ]
    search_fields = [
        index.SearchField("title_de"),
        index.SearchField("title_en"),
        index.AutocompleteField("title_de"),
        index.FilterField("code"),
        index.FilterField("area_code"),
    ]

    class Meta:
        verbose_name = _("Kompetenz")
        verbose_name_plural = _("Kompetenzen")
        ordering = ["framework", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="competence_unique_code"),
        ]

    def __str__(self):
        return f"{self.code} {self.title_de}"

    @property
    def is_area(self):
        return not self.area_code
