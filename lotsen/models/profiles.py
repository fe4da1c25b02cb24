"""Lotse profiles and the programme text the coordination maintains."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from learning.models.org import display_name

__all__ = ["FREE_TOPICS", "Lotse", "LotseTag", "LotsenProgramme"]

# Topics that are no DigComp competence. A Lotse covers one when tagged with exactly this name.
FREE_TOPICS = [
    "E-Akte",
    "Videoberatung",
    "Microsoft Teams",
    "Verschlüsselte E-Mail",
    "Online-Antrag und Dokumenten-Upload",
    "Fachverfahren",
    "Barrierefreie Dokumente",
]


class LotseTag(TaggedItemBase):
    content_object = models.ForeignKey("lotsen.Lotse", on_delete=models.CASCADE, related_name="tagged_items")


class Lotse(models.Model):
    """A trained colleague who helps colleagues with digital work, within a monthly time quota."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="lotse_profile",
    )
    org_units = models.ManyToManyField(
        "learning.OrgUnit",
        verbose_name=_("betreute Organisationseinheiten"),
        related_name="lotsen",
        help_text=_("Die Lotsin oder der Lotse ist für diese Einheiten und alle Teams darunter da."),
    )
    competences = models.ManyToManyField(
        "courses.Competence",
        verbose_name=_("Themen (DigComp 2.2)"),
        blank=True,
        related_name="lotsen",
        limit_choices_to=~models.Q(area_code=""),
    )
    tags = TaggableManager(
        through=LotseTag,
        blank=True,
        verbose_name=_("weitere Themen"),
        help_text=_("Themen außerhalb von DigComp, zum Beispiel: E-Akte, Videoberatung, Microsoft Teams."),
    )
    monthly_quota_hours = models.PositiveSmallIntegerField(
        _("Zeitkontingent pro Monat (Stunden)"), default=8, validators=[MaxValueValidator(80)]
    )
    office_hours = models.CharField(
        _("Digi-Sprechstunde"),
        max_length=300,
        blank=True,
        help_text=_("Zum Beispiel: Digi-Sprechstunde dienstags 9–11 Uhr, Raum 1.12 und per Video"),
    )
    active = models.BooleanField(_("aktiv"), default=True)

    panels = [
        FieldPanel("user"),
        FieldPanel("active"),
        FieldPanel("org_units"),
        FieldPanel("competences"),
        FieldPanel("tags"),
        FieldPanel("monthly_quota_hours"),
        FieldPanel("office_hours"),
    ]

    class Meta:
        verbose_name = _("Lotsin oder Lotse")
        verbose_name_plural = _("Lotsinnen und Lotsen")
        ordering = ["user__last_name", "user__first_name"]
        permissions = [("report_lotse", _("Kann die Auswertungen des Lotsenprogramms sehen"))]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Who a profile belongs to never changes: consent and notes were given to that person.
        loaded = getattr(self, "_loaded_user_id", None)
        if loaded is not None and self.user_id != loaded:
            raise ValueError("The person of a Lotse profile cannot be changed.")
        super().save(*args, **kwargs)
        self._loaded_user_id = self.user_id
        self.sync_membership()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_user_id = instance.__dict__.get("user_id")
        return instance

    def sync_membership(self, day=None):
        """Open or close the active period, so that past months of the quota report keep their Lotsen."""
        day = day or timezone.localdate()
        open_periods = self.memberships.filter(ended_on=None)
        if self.active and not open_periods.exists():
            self.memberships.create(started_on=day)
        elif not self.active:
            open_periods.update(ended_on=day)

    @property
    def name(self):
        return display_name(self.user)

    def units(self):
        return ", ".join(unit.name for unit in self.org_units.all())

    def topics(self):
        names = [f"{c.code} {c.title_de}" for c in self.competences.all()]
        return "; ".join(names + [tag.name for tag in self.tags.all()])

    @property
    def quota_minutes(self):
        return self.monthly_quota_hours * 60


@register_setting(icon="group")
class LotsenProgramme(BaseGenericSetting):
    """Name and description of the programme, shown above the Lotsen directory."""

    name = models.CharField(
        _("Name des Programms"), max_length=120, default="Digitalisierungslotsen Jobcenter Musterkreis"
    )
    description = models.TextField(_("Beschreibung"), blank=True, max_length=1500)

    class Meta:
        verbose_name = _("Lotsenprogramm")
