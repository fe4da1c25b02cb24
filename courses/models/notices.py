"""Legal notices the Redaktion edits: privacy notices (Art. 13 GDPR) for staff and for the public, and the Impressum.

Three small page types rather than one with a "kind" field: the footer finds each as a landmark by its type
(learning.templatetags.navigation), and the editor's "add page" list names exactly what is being written.
"""

from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from courses.public.translation import TRANSLATIONS_TAB

from .explainers import PublicPage
from .pages import tabs

__all__ = ["ImprintPage", "NoticeSectionBlock", "PublicPrivacyNoticePage", "StaffPrivacyNoticePage"]

SECTION_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]
NOTICE_TEMPLATE = "public/notice_page.html"
DEFAULT_SUPERVISORY_AUTHORITY = "Die oder der Landesbeauftragte für den Datenschutz"


class NoticeSectionBlock(blocks.StructBlock):
    """One section of a notice: a heading (listed in the page's table of contents) and its text."""

    heading = blocks.CharBlock(label=_("Überschrift"), max_length=150)
    text = blocks.RichTextBlock(label=_("Text"), features=SECTION_FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("Abschnitt")
        description = _("Ein Abschnitt mit Überschrift, zum Beispiel „Zwecke“ oder „Ihre Rechte“.")
        template = "public/notice_section_block.html"
        preview_value = {
            "heading": "Wie lange speichern wir Ihre Daten?",
            "text": "<p>Wir löschen Ihre Daten, sobald wir sie nicht mehr brauchen.</p>",
        }


class NoticeFields(models.Model):
    """What every notice has: a short lead, its sections and the date it was last checked ("Stand")."""

    lead = models.TextField(_("Einleitung"), max_length=600, blank=True)
    body = StreamField(
        [("section", NoticeSectionBlock())], verbose_name=_("Abschnitte"), blank=True, use_json_field=True
    )
    reviewed_at = models.DateField(
        _("Stand"),
        default=timezone.localdate,
        help_text=_("Wann wurde der Text zuletzt geprüft? Bitte bei jeder inhaltlichen Änderung anpassen."),
    )

    notice_panels = [FieldPanel("lead"), FieldPanel("body"), FieldPanel("reviewed_at")]

    class Meta:
        abstract = True

    def sections(self):
        """(anchor, heading, text) of each section; anchors are unique on the page."""
        seen, result = set(), []
        for number, block in enumerate(self.body, start=1):
            if block.block_type != "section":
                continue
            anchor = slugify(block.value["heading"]) or f"abschnitt-{number}"
            if anchor in seen:
                anchor = f"{anchor}-{number}"
            seen.add(anchor)
            result.append((anchor, block.value["heading"], block.value["text"]))
        return result


class PrivacyContactFields(models.Model):
    """The data protection officer and the supervisory authority, which Art. 13 GDPR asks every notice to name."""

    dpo_name = models.CharField(
        _("Datenschutzbeauftragte oder Datenschutzbeauftragter"),
        max_length=200,
        blank=True,
        help_text=_("Eine Funktion genügt, zum Beispiel „Behördliche Datenschutzbeauftragte“."),
    )
    dpo_address = models.TextField(_("Anschrift"), blank=True)
    dpo_email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    dpo_phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    supervisory_authority = models.CharField(
        _("Aufsichtsbehörde"), max_length=200, default=DEFAULT_SUPERVISORY_AUTHORITY
    )
    supervisory_authority_url = models.URLField(_("Internetadresse der Aufsichtsbehörde"), blank=True)

    contact_panels = [
        MultiFieldPanel(
            [
                FieldPanel("dpo_name"),
                FieldPanel("dpo_address"),
                FieldPanel("dpo_email"),
                FieldPanel("dpo_phone"),
            ],
            heading=_("Kontakt der oder des Datenschutzbeauftragten"),
        ),
        MultiFieldPanel(
            [FieldPanel("supervisory_authority"), FieldPanel("supervisory_authority_url")],
            heading=_("Beschwerde bei der Aufsichtsbehörde"),
        ),
    ]

    class Meta:
        abstract = True


class StaffPrivacyNoticePage(PrivacyContactFields, NoticeFields, Page):  # noqa: DJ008 - Page.__str__ gives the title
    """ "Datenschutzhinweise für Beschäftigte": how the staff portal processes employees' data."""

    content_panels = [*Page.content_panels, *NoticeFields.notice_panels, *PrivacyContactFields.contact_panels]

    # Wagtail's page metaclass gives every class its own default template, so each names the shared one.
    template = NOTICE_TEMPLATE
    parent_page_types = ["courses.PortalPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Datenschutzhinweise für Beschäftigte")
        verbose_name_plural = _("Datenschutzhinweise für Beschäftigte")


class PublicPrivacyNoticePage(PrivacyContactFields, NoticeFields, PublicPage):  # noqa: DJ008 - Page.__str__ gives the title
    """ "Datenschutzhinweise" of the public website for clients and every other visitor."""

    is_public_notice = True

    content_panels = [*Page.content_panels, *NoticeFields.notice_panels, *PrivacyContactFields.contact_panels]
    edit_handler = tabs(content_panels, TRANSLATIONS_TAB)

    template = NOTICE_TEMPLATE
    parent_page_types = ["courses.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Datenschutzhinweise der Website")
        verbose_name_plural = _("Datenschutzhinweise der Website")


class ImprintPage(NoticeFields, PublicPage):  # noqa: DJ008 - Page.__str__ gives the title
    """The Impressum (§ 5 DDG) of the whole site."""

    is_public_notice = True

    content_panels = [*Page.content_panels, *NoticeFields.notice_panels]
    edit_handler = tabs(content_panels, TRANSLATIONS_TAB)

    template = NOTICE_TEMPLATE
    parent_page_types = ["courses.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Impressum")
        verbose_name_plural = _("Impressum")
