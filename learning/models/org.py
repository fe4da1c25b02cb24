"""Organisation units and staff profiles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["OrgUnit", "StaffProfile"]


def display_name(user):
    """How the platform names a person on screens and in mails: full name, else the login."""
    return user.get_full_name() or user.get_username()


class OrgUnit(models.Model):
    """A team or department; units form a tree (Bereich → Team)."""

    name = models.CharField(_("Name"), max_length=120)
    short_name = models.CharField(_("Kurzbezeichnung"), max_length=20, blank=True)
    # HR's key of the unit (Organisationskennzeichen, Kostenstelle): how import_staff finds it again.
    code = models.CharField(
        _("Kennung"),
        max_length=40,
        blank=True,
        help_text=_("Die Kennung der Einheit im Personalverfahren; der Stammdatenimport findet sie daran."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("übergeordnete Einheit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("Organisationseinheit")
        verbose_name_plural = _("Organisationseinheiten")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name_per_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(parent=None), name="orgunit_unique_root_name"
            ),
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="orgunit_unique_code"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # A unit placed below itself or below one of its own sub-units would cut a loop out of the tree.
        if self.parent_id is not None and self.pk is not None and self.parent_id in self.subtree_ids():
            raise ValidationError(
                {
                    "parent": _(
                        "Eine Einheit kann nicht sich selbst oder einer ihrer eigenen Untereinheiten "
                        "untergeordnet werden."
                    )
                }
            )

    def subtree_ids(self):
        """Ids of this unit and all units below it (one query; the tree is small)."""
        children = {}
        for unit_id, parent_id in OrgUnit.objects.values_list("id", "parent_id"):
            children.setdefault(parent_id, []).append(unit_id)
        result, stack = [], [self.pk]
        while stack:
            unit_id = stack.pop()
            result.append(unit_id)
            stack.extend(children.get(unit_id, []))
        return result


class StaffProfile(models.Model):
    """What the platform knows about an employee beyond the login. Deliberately no performance fields."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("Organisationseinheit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    # The name printed on certificates. Maintained by Koordination (later filled by the identity provider);
    # users cannot edit it, unlike the name on their Wagtail account.
    display_name = models.CharField(
        _("Name für Zertifikate"),
        max_length=300,
        blank=True,
        help_text=_("So steht der Name auf Zertifikaten. Leer: der Name des Benutzerkontos."),
    )
    # HR's personnel number: import_staff and single sign-on (OIDC_PERSONNEL_NUMBER_CLAIM) match on it.
    personnel_number = models.CharField(
        _("Personalnummer"),
        max_length=40,
        blank=True,
        help_text=_(
            "Aus dem Personalverfahren; der Stammdatenimport und die Anmeldung finden das Profil daran."
        ),
    )
    entry_date = models.DateField(
        _("Eintrittsdatum"),
        null=True,
        blank=True,
        help_text=_("Für Pflichtschulungen neuer Beschäftigter: ab wann die Frist läuft."),
    )
    bass_cohort = models.PositiveSmallIntegerField(
        _("BASS-Jahrgang"),
        null=True,
        blank=True,
        help_text=_("Nur für Studierende im dualen Studium BASS: Jahr des Studienbeginns."),
    )

    # Set by the person on their "Erinnerungen" page (learning.views), nobody else: reminders of mandatory
    # trainings then go in copy to the Lotse who coaches them with their consent (learning.reminders).
    remind_lotse = models.BooleanField(
        _("Erinnerungen auch an meine Lotsin oder meinen Lotsen"),
        default=False,
        editable=False,
    )

    class Meta:
        verbose_name = _("Beschäftigtenprofil")
        verbose_name_plural = _("Beschäftigtenprofile")
        constraints = [
            models.UniqueConstraint(
                fields=["personnel_number"],
                condition=~models.Q(personnel_number=""),
                name="staffprofile_unique_personnel_number",
            ),
        ]

    def __str__(self):
        return self.full_name()

    def full_name(self):
        return self.display_name or display_name(self.user)

    # Column heading and sort order in admin listings.
    full_name.short_description = _("Name")
    full_name.admin_order_field = "user__last_name"
