"""Public pages for clients: explainers with poster, Leichte Sprache, sign language, and their site settings."""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField
from wagtailmedia.edit_handlers import MediaChooserPanel
from wagtailmedia.settings import wagtailmedia_settings

from courses.blocks import EasyLanguageBodyBlock, StepBlock
from courses.public.poster import render_poster
from courses.public.translation import TRANSLATIONS_TAB, fallback_context

from .pages import tabs
from .video import video_edit_link

__all__ = [
    "EasyLanguagePage",
    "ExplainerIndexPage",
    "ExplainerPage",
    "ExplainerTag",
    "PublicServiceSettings",
    "PublicServiceTranslation",
    "SignLanguagePage",
]

# The media model is a setting: wagtailmedia's Media here, courses.Video once the video work is merged.
MEDIA_MODEL = wagtailmedia_settings.MEDIA_MODEL
OFFLINE_TITLE = _("Kein Computer? So bekommen Sie Hilfe vor Ort")


@register_setting(icon="site")
class PublicServiceSettings(ClusterableModel, BaseSiteSetting):
    """Contact details every public page shows: the online portal and the office for help in person. Name,
    address and opening hours can be given per language (translations); what is left empty stays German."""

    portal_name = models.CharField(_("Name des Online-Portals"), max_length=100, default="jobcenter.digital")
    portal_url = models.URLField(_("Adresse des Online-Portals"), default="https://www.jobcenter.digital/")
    office_name = models.CharField(
        _("Name der Dienststelle"), max_length=150, default="Jobcenter Musterkreis"
    )
    address = models.TextField(_("Anschrift"), blank=True, help_text=_("Straße, Hausnummer, PLZ und Ort."))
    opening_hours = models.TextField(
        _("Öffnungszeiten"), blank=True, help_text=_("Eine Zeile je Tag oder Zeitraum.")
    )
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("portal_name"), FieldPanel("portal_url")], heading=_("Online-Portal")),
        MultiFieldPanel(
            [
                FieldPanel("office_name"),
                FieldPanel("address"),
                FieldPanel("opening_hours"),
                FieldPanel("phone"),
            ],
            heading=_("Hilfe vor Ort"),
        ),
        InlinePanel("translations", heading=_("Kontaktangaben in anderen Sprachen"), label=_("Sprache")),
    ]

    class Meta:
        verbose_name = _("Kontakt für Kundinnen und Kunden")
        verbose_name_plural = _("Kontakt für Kundinnen und Kunden")

    def in_language(self, language):
        """The contact details for a page in `language`: each text in that language where editors gave one,
        else German, with the language each text is in (for lang and dir in the template)."""
        translated = next((t for t in self.translations.all() if t.language == language), None)
        details = {"portal_name": self.portal_name, "portal_url": self.portal_url, "phone": self.phone}
        for field in PublicServiceTranslation.TEXTS:
            own = getattr(translated, field, "") if translated else ""
            details[field] = own or getattr(self, field)
            details[f"{field}_language"] = language if own else "de"
        return details


class PublicServiceTranslation(Orderable):
    """The office's name, address and opening hours in one more language."""

    TEXTS = ("office_name", "address", "opening_hours")

    contact = ParentalKey(PublicServiceSettings, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(
        _("Sprache"),
        max_length=8,
        choices=[(code, name) for code, name in settings.LANGUAGES if code != "de"],
    )
    office_name = models.CharField(
        _("Name der Dienststelle"),
        max_length=150,
        blank=True,
        help_text=_("Leer lassen: Der deutsche Name gilt."),
    )
    address = models.TextField(
        _("Anschrift"),
        blank=True,
        help_text=_("Leer lassen: Die deutsche Anschrift gilt. Straßennamen bleiben meist deutsch."),
    )
    opening_hours = models.TextField(
        _("Öffnungszeiten"), blank=True, help_text=_("Eine Zeile je Tag oder Zeitraum, in dieser Sprache.")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("Kontaktangaben in einer anderen Sprache")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "language"], name="one_contact_translation_per_language"
            )
        ]

    def __str__(self):
        return self.get_language_display()


class PublicPage(Page):
    """What every translated public page shares: the language switcher and the German fallback."""

    # One URL per page in every language: /erklaert/x/ and /ar/erklaert/x/. Editors may still change it.
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The visitor asked for a language this page does not exist in yet and gets the German page.
        context.update(fallback_context(self))
        return context


class ExplainerIndexPage(PublicPage):
    """ "Erklärt": the list of explainers for clients, and the way into Leichte Sprache and sign language."""

    template = "public/explainer_index_page.html"

    intro = models.TextField(_("Einleitung"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    edit_handler = tabs(content_panels, TRANSLATIONS_TAB)

    parent_page_types = ["courses.HomePage"]
    subpage_types = ["courses.ExplainerPage", "courses.EasyLanguagePage", "courses.SignLanguagePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Erklärungen (Übersicht)")

    def route(self, request, path_components):
        """A page that is not translated into the visitor's language yet is served in German."""
        try:
            return super().route(request, path_components)
        except Http404:
            german = self.get_translation_or_none(Locale.get_default())
            if not path_components or german is None or german.pk == self.pk:
                raise
            return german.specific.route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["explainers"] = ExplainerPage.objects.child_of(self).live().order_by("path")
        context["easy_language_start"] = EasyLanguagePage.objects.child_of(self).live().first()
        context["sign_language_start"] = SignLanguagePage.objects.child_of(self).live().first()
        return context


class ExplainerTag(TaggedItemBase):
    content_object = ParentalKey(
        "courses.ExplainerPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ExplainerPageForm(WagtailAdminPageForm):
    """Refuses to publish an explainer whose video not everyone can follow: captions and transcript first."""

    def clean(self):
        cleaned_data = super().clean()
        video = cleaned_data.get("video")
        if "action-publish" not in self.data or video is None:
            return cleaned_data
        missing = []
        if not video.has_captions:
            missing.append(_("Untertitel (WebVTT)"))
        if not video.transcript.strip():
            missing.append(_("ein Transkript"))
        if not video.is_public:
            missing.append(_("die Freigabe „Öffentlich“"))
        if missing:
            self.add_error(
                "video",
                format_html(
                    _(
                        "Diese Seite kann noch nicht veröffentlicht werden: Dem Video „{title}“ fehlen {missing}. "
                        "{link}. Als Entwurf können Sie die Seite speichern."
                    ),
                    title=video.title,
                    missing=" und ".join(str(item) for item in missing),
                    link=video_edit_link(video),
                ),
            )
        return cleaned_data


class ExplainerPage(RoutablePageMixin, PublicPage):
    """One online service explained step by step, with video, checklist, help in person and an A4 poster."""

    template = "public/explainer_page.html"

    lead = models.TextField(
        _("Kurz gesagt"), max_length=600, help_text=_("Zwei, drei kurze Sätze: Worum geht es?")
    )
    steps = StreamField(
        [("step", StepBlock())],
        verbose_name=_("Schritte"),
        min_num=1,
        help_text=_("Die ersten drei Schritte stehen auch auf dem Aushang."),
    )
    video = models.ForeignKey(
        MEDIA_MODEL,
        verbose_name=_("Erklärvideo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Zum Veröffentlichen braucht das Video Untertitel und ein Transkript."),
    )
    checklist = StreamField(
        [("document", blocks.CharBlock(label=_("Unterlage"), max_length=200))],
        verbose_name=_("Diese Unterlagen brauchen Sie"),
        blank=True,
    )
    offline_title = models.CharField(_("Überschrift Hilfe vor Ort"), max_length=150, default=OFFLINE_TITLE)
    offline_text = models.TextField(
        _("Hilfe vor Ort"),
        blank=True,
        help_text=_("Was Menschen ohne Computer tun können. Anschrift, Öffnungszeiten und Telefon kommen aus "
                    "den Einstellungen „Kontakt für Kundinnen und Kunden“."),
    )  # fmt: skip
    reviewed_at = models.DateField(_("Stand"), help_text=_("Wann der Inhalt zuletzt fachlich geprüft wurde."))
    easy_language_page = models.ForeignKey(
        "courses.EasyLanguagePage",
        verbose_name=_("Fassung in Leichter Sprache"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="explainers",
    )
    sign_language_video = models.ForeignKey(
        MEDIA_MODEL,
        verbose_name=_("Video in Deutscher Gebärdensprache (DGS)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager(through=ExplainerTag, blank=True, verbose_name=_("Schlagwörter"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("steps"),
        MediaChooserPanel("video", media_type="video"),
        FieldPanel("checklist"),
        MultiFieldPanel(
            [FieldPanel("offline_title"), FieldPanel("offline_text")], heading=_("Hilfe vor Ort")
        ),
        FieldPanel("reviewed_at"),
    ]
    access_panels = [
        FieldPanel("easy_language_page"),
        MediaChooserPanel("sign_language_video", media_type="video"),
        FieldPanel("tags"),
    ]
    edit_handler = tabs(
        content_panels,
        (_("Leichte Sprache, DGS, Schlagwörter"), access_panels),
        TRANSLATIONS_TAB,
    )
    base_form_class = ExplainerPageForm

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("steps"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["courses.ExplainerIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Erklärseite")
        verbose_name_plural = _("Erklärseiten")

    def related_explainers(self):
        """Other live explainers in the same language that share a tag, most shared tags first."""
        tag_ids = [tag.pk for tag in self.tags.all()]
        if not tag_ids:
            return ExplainerPage.objects.none()
        return (
            ExplainerPage.objects.live()
            .filter(locale_id=self.locale_id, tags__in=tag_ids)
            .exclude(pk=self.pk)
            .annotate(shared=models.Count("pk"))
            .order_by("-shared", "title")[:3]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_explainers"] = self.related_explainers()
        context["poster_url"] = self.get_url(request) + self.reverse_subpage("poster")
        return context

    @path("poster/", name="poster")
    def poster(self, request):
        """A printable A4 poster: title, the first three steps and a QR code to this page in its language."""
        return render_poster(self, request)


class EasyLanguagePage(PublicPage):
    """A text in Leichte Sprache; the one right under "Erklärt" is the start page that BITV 2.0 § 4 asks for."""

    template = "public/easy_language_page.html"

    intro = models.TextField(_("Einleitung"), max_length=300, blank=True)
    body = StreamField(EasyLanguageBodyBlock(), verbose_name=_("Inhalt"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    edit_handler = tabs(content_panels, TRANSLATIONS_TAB)

    parent_page_types = ["courses.ExplainerIndexPage", "courses.EasyLanguagePage"]
    subpage_types = ["courses.EasyLanguagePage"]

    class Meta:
        verbose_name = _("Seite in Leichter Sprache")
        verbose_name_plural = _("Seiten in Leichter Sprache")

    @classmethod
    def can_create_at(cls, parent):
        # Only one start page directly under "Erklärt"; further texts go below it.
        if isinstance(parent.specific, ExplainerIndexPage) and cls.objects.child_of(parent).exists():
            return False
        return super().can_create_at(parent)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["texts"] = EasyLanguagePage.objects.child_of(self).live().order_by("path")
        context["standard_version"] = self.explainers.live().filter(locale_id=self.locale_id).first()
        return context


class SignLanguagePage(PublicPage):
    """The start page in German Sign Language (DGS) that BITV 2.0 § 4 asks for."""

    template = "public/sign_language_page.html"

    video = models.ForeignKey(
        MEDIA_MODEL,
        verbose_name=_("Video in Deutscher Gebärdensprache (DGS)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("Text"), blank=True, help_text=_("Was das Video zeigt, in wenigen Sätzen."))

    content_panels = [
        *Page.content_panels,
        MediaChooserPanel("video", media_type="video"),
        FieldPanel("text"),
    ]
    edit_handler = tabs(content_panels, TRANSLATIONS_TAB)

    parent_page_types = ["courses.ExplainerIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Startseite Gebärdensprache")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["signed_explainers"] = (
            ExplainerPage.objects.sibling_of(self)
            .live()
            .filter(sign_language_video__isnull=False)
            .order_by("path")
        )
        return context
