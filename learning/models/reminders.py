"""Reminders of mandatory trainings: the texts editors keep, and the record of what went out to whom.

The rules (when which reminder is due, who receives it) are in `learning.reminders`.
"""

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

__all__ = ["ReminderDigest", "ReminderItem", "ReminderTemplates", "fill_placeholders"]

# What each placeholder stands for; the mail of one person shows each of their items with its own values.
ITEM_PLACEHOLDERS = {
    "name": _("Name der Person"),
    "kurs": _("Titel des Kurses"),
    "faellig": _("fällig bis (Datum)"),
    "ueberfaellig_seit": _("überfällig seit (Datum)"),
    "gueltig_bis": _("gültig bis (Datum)"),
    "link": _("Adresse des Kurses"),
}
FRAME_PLACEHOLDERS = {
    "name": ITEM_PLACEHOLDERS["name"],
    "anzahl": _("Zahl der Erinnerungen in der E-Mail"),
}


def _format_list(names):
    return ", ".join(f"{{{name}}}" for name in names)


@deconstructible
class PlaceholderValidator:
    """Only the named placeholders in an editable text: no attribute access, no formatting.

    `str.format` would let a template read attributes (`{name.__class__}`) or pad endlessly (`{name:>999999}`);
    the texts are filled by `fill_placeholders`, which knows plain names only, and this check turns anything
    else into a German error on save.
    """

    def __init__(self, allowed):
        self.allowed = tuple(allowed)

    def __call__(self, value):
        try:
            parts = list(string.Formatter().parse(value))
        except ValueError:
            raise ValidationError(
                _(
                    "Eine geschweifte Klammer ist nicht geschlossen. Platzhalter stehen in {…}; "
                    "eine einzelne Klammer schreiben Sie doppelt: {{ oder }}."
                ),
                code="placeholder_syntax",
            ) from None
        for _literal, field_name, format_spec, conversion in parts:
            if field_name is None:
                continue
            if field_name not in self.allowed or format_spec or conversion:
                shown = "{" + field_name + ("!" + conversion if conversion else "")
                shown += (":" + format_spec if format_spec else "") + "}"
                raise ValidationError(
                    _("Unbekannter Platzhalter %(placeholder)s. Erlaubt sind hier: %(allowed)s."),
                    code="placeholder_unknown",
                    params={"placeholder": shown, "allowed": _format_list(self.allowed)},
                )

    def __eq__(self, other):
        return isinstance(other, PlaceholderValidator) and self.allowed == other.allowed


def fill_placeholders(text, values):
    """Put `values` into a text that `PlaceholderValidator` accepted; never evaluates anything."""
    result = []
    for literal, field_name, _format_spec, _conversion in string.Formatter().parse(text):
        result.append(literal)
        if field_name is not None:
            result.append(str(values.get(field_name, "")))
    return "".join(result)


def _item_text(verbose_name, default, help_text=None, subject=False):
    if subject:
        return models.CharField(
            verbose_name,
            max_length=200,
            default=default,
            validators=[PlaceholderValidator(tuple(ITEM_PLACEHOLDERS))],
            help_text=help_text,
        )
    return models.TextField(
        verbose_name,
        default=default,
        max_length=2000,
        validators=[PlaceholderValidator(tuple(ITEM_PLACEHOLDERS))],
        help_text=help_text,
    )


ITEM_HELP = _("Platzhalter: {name}, {kurs}, {faellig}, {ueberfaellig_seit}, {gueltig_bis}, {link}.")
FRAME_HELP = _("Platzhalter: {name}, {anzahl}.")


@register_setting(icon="mail")
class ReminderTemplates(BaseGenericSetting):
    """The texts of the reminder e-mails about mandatory trainings; the Redaktion keeps them.

    One e-mail per person and day: the greeting, one paragraph per reminder, the closing. With a single
    reminder its own subject is used, with several the collective subject.
    """

    greeting = models.CharField(
        _("Anrede"),
        max_length=200,
        default="Guten Tag {name},",
        validators=[PlaceholderValidator(tuple(FRAME_PLACEHOLDERS))],
        help_text=FRAME_HELP,
    )
    closing = models.TextField(
        _("Schluss"),
        max_length=1000,
        default=(
            "Bei Fragen hilft Ihnen die Personalentwicklung gern weiter.\n\n"
            "Mit freundlichen Grüßen\nIhr Lernhafen-Team"
        ),
        validators=[PlaceholderValidator(tuple(FRAME_PLACEHOLDERS))],
        help_text=FRAME_HELP,
    )
    digest_subject = models.CharField(
        _("Betreff bei mehreren Erinnerungen"),
        max_length=200,
        default="Lernhafen: {anzahl} Erinnerungen zu Ihren Pflichtschulungen",
        validators=[PlaceholderValidator(tuple(FRAME_PLACEHOLDERS))],
        help_text=FRAME_HELP,
    )

    due_soon_subject = _item_text(
        _("Betreff"), "Erinnerung: „{kurs}“ ist fällig bis {faellig}", ITEM_HELP, subject=True
    )
    due_soon_body = _item_text(
        _("Text"),
        "Die Pflichtschulung „{kurs}“ ist fällig bis {faellig}. Bitte planen Sie sich rechtzeitig Zeit "
        "dafür ein:\n{link}",
        ITEM_HELP,
    )
    due_shortly_subject = _item_text(
        _("Betreff"), "Bald fällig: „{kurs}“ bis {faellig}", ITEM_HELP, subject=True
    )
    due_shortly_body = _item_text(
        _("Text"),
        "In wenigen Tagen endet die Frist: Die Pflichtschulung „{kurs}“ ist fällig bis {faellig}. "
        "Hier geht es zum Kurs:\n{link}",
        ITEM_HELP,
    )
    overdue_subject = _item_text(_("Betreff"), "Überfällig: „{kurs}“", ITEM_HELP, subject=True)
    overdue_body = _item_text(
        _("Text"),
        "Die Pflichtschulung „{kurs}“ war fällig bis {faellig} und ist überfällig seit {ueberfaellig_seit}. "
        "Bitte holen Sie sie so bald wie möglich nach:\n{link}",
        ITEM_HELP,
    )
    expiring_subject = _item_text(
        _("Betreff"), "„{kurs}“ ist gültig bis {gueltig_bis}", ITEM_HELP, subject=True
    )
    expiring_body = _item_text(
        _("Text"),
        "Ihre Pflichtschulung „{kurs}“ ist erledigt und gültig bis {gueltig_bis}. Danach ist sie wieder "
        "fällig. Sie können sie hier auffrischen:\n{link}",
        ITEM_HELP,
    )

    panels = [
        HelpPanel(
            content=_(
                "<p>Lernhafen erinnert an Pflichtschulungen 14 und 3 Tage vor dem Fälligkeitsdatum. Ist eine "
                "Schulung überfällig, erinnert es am ersten Tag und danach wöchentlich. Läuft eine erledigte "
                "Schulung ab, erinnert es 30 Tage vorher. Jede Person erhält höchstens eine E-Mail am Tag, die alle Erinnerungen enthält. "
                "Platzhalter stehen in geschweiften Klammern, zum Beispiel {kurs}.</p>"
            )
        ),
        MultiFieldPanel(
            [FieldPanel("greeting"), FieldPanel("closing"), FieldPanel("digest_subject")],
            heading=_("Jede E-Mail"),
        ),
        MultiFieldPanel(
            [FieldPanel("due_soon_subject"), FieldPanel("due_soon_body")],
            heading=_("14 Tage vor dem Fälligkeitsdatum"),
        ),
        MultiFieldPanel(
            [FieldPanel("due_shortly_subject"), FieldPanel("due_shortly_body")],
            heading=_("3 Tage vor dem Fälligkeitsdatum"),
        ),
        MultiFieldPanel(
            [FieldPanel("overdue_subject"), FieldPanel("overdue_body")],
            heading=_("Überfällig (am ersten Tag, dann wöchentlich)"),
        ),
        MultiFieldPanel(
            [FieldPanel("expiring_subject"), FieldPanel("expiring_body")],
            heading=_("30 Tage vor Ablauf der Gültigkeit"),
        ),
    ]

    class Meta:
        verbose_name = _("Erinnerungs-E-Mails")
        verbose_name_plural = _("Erinnerungs-E-Mails")

    def texts(self, kind):
        """(subject, body) of one kind of reminder (a ReminderItem.Kind value)."""
        return getattr(self, f"{kind}_subject"), getattr(self, f"{kind}_body")


class ReminderDigest(models.Model):
    """The one reminder e-mail of a person on a day: claimed before sending, `sent_at` once it went out.

    The unique (user, sent_on) is what keeps a second run on the same day, or two runs at once, from
    sending twice. A claimed digest without `sent_at` is one whose run died while sending: whether it went
    out is unknown, so it is not sent again (at most once).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_digests"
    )
    sent_on = models.DateField(_("Tag"))
    run = models.UUIDField(editable=False)
    sent_at = models.DateTimeField(_("versandt am"), null=True, blank=True)
    copied_to_lotse = models.BooleanField(_("Kopie an Lotsin oder Lotsen"), default=False)

    class Meta:
        verbose_name = _("versandte Erinnerung")
        verbose_name_plural = _("versandte Erinnerungen")
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="one_reminder_mail_a_day")]

    def __str__(self):
        return f"{self.user} – {self.sent_on:%d.%m.%Y}"


class ReminderItem(models.Model):
    """One reminder in a digest: which cycle, and which kind."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("fällig in 14 Tagen")
        DUE_SHORTLY = "due_shortly", _("fällig in 3 Tagen")
        OVERDUE = "overdue", _("überfällig")
        EXPIRING = "expiring", _("Gültigkeit endet in 30 Tagen")

    digest = models.ForeignKey(ReminderDigest, on_delete=models.CASCADE, related_name="items")
    cycle = models.ForeignKey("learning.RequirementCycle", on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("Erinnerung")
        verbose_name_plural = _("Erinnerungen")
        indexes = [models.Index(fields=["cycle", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.cycle_id}"
