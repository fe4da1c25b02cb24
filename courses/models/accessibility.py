"""The accessibility statement required by BITV 2.0 and the feedback that visitors send through it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

__all__ = ["AccessibilityFeedback", "AccessibilityStatementPage"]

STATEMENT_SLUG = "barrierefreiheit"
TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]

DEFAULT_COMPLIANCE_TEXT = (
    "<p>Wir prüfen unsere Seiten regelmäßig und beheben gefundene Barrieren so schnell wie möglich.</p>"
)
DEFAULT_NON_ACCESSIBLE_CONTENT = (
    "<ul><li>Einige ältere PDF-Dokumente sind noch nicht vollständig barrierefrei. "
    "Auf Wunsch schicken wir Ihnen den Inhalt in einer barrierefreien Form.</li>"
    "<li>Nicht alle Erklärvideos haben schon eine Fassung in Deutscher Gebärdensprache.</li></ul>"
)
DEFAULT_ASSESSMENT_METHOD = "Selbstbewertung durch das Jobcenter Musterkreis"
DEFAULT_CONTACT_TEXT = (
    "<p>Ist Ihnen eine Barriere aufgefallen? Oder brauchen Sie Informationen in einer barrierefreien Form? "
    "Dann schreiben Sie uns über das Formular unten. Wir antworten Ihnen so schnell wie möglich, "
    "spätestens nach einem Monat.</p>"
)
DEFAULT_ENFORCEMENT_NAME = "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz (§ 16 BGG)"
DEFAULT_ENFORCEMENT_TEXT = (
    "<p>Sie haben uns eine Barriere gemeldet und sind mit unserer Antwort nicht zufrieden? "
    "Dann können Sie sich an die Schlichtungsstelle wenden. Das Schlichtungsverfahren ist kostenlos. "
    "Sie brauchen keinen Rechtsbeistand.</p>"
)
DEFAULT_ENFORCEMENT_URL = "https://www.schlichtungsstelle-bgg.de/"


class AccessibilityStatementPage(Page):
    """ "Erklärung zur Barrierefreiheit": what BITV 2.0 asks for, and a form to report barriers."""

    template = "public/accessibility_statement_page.html"

    class Compliance(models.TextChoices):
        FULL = "full", _("vollständig vereinbar")
        PARTIAL = "partial", _("teilweise vereinbar")
        NONE = "none", _("nicht vereinbar")

    compliance_status = models.CharField(
        _("Stand der Vereinbarkeit mit BITV 2.0"),
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
    )
    compliance_text = RichTextField(
        _("Erläuterung zum Stand"), features=TEXT_FEATURES, blank=True, default=DEFAULT_COMPLIANCE_TEXT
    )
    non_accessible_content = RichTextField(
        _("Nicht barrierefreie Inhalte"),
        features=TEXT_FEATURES,
        blank=True,
        default=DEFAULT_NON_ACCESSIBLE_CONTENT,
        help_text=_("Welche Inhalte sind nicht barrierefrei, warum, und welche Alternative gibt es?"),
    )
    statement_date = models.DateField(_("Datum der Erklärung"), default=timezone.localdate)
    assessment_method = models.CharField(
        _("Grundlage der Erklärung"), max_length=300, default=DEFAULT_ASSESSMENT_METHOD
    )
    contact_text = RichTextField(
        _("Kontakt und Feedback"), features=TEXT_FEATURES, default=DEFAULT_CONTACT_TEXT
    )
    contact_email = models.EmailField(_("E-Mail-Adresse für Rückfragen"), blank=True)
    contact_phone = models.CharField(_("Telefon für Rückfragen"), max_length=50, blank=True)
    enforcement_name = models.CharField(
        _("Schlichtungsstelle"),
        max_length=200,
        default=DEFAULT_ENFORCEMENT_NAME,
        help_text=_(
            "Für ein kommunales Jobcenter kann nach Landesrecht auch die Durchsetzungsstelle des Landes "
            "zuständig sein. Bitte prüfen Sie das mit Ihrer Rechtsabteilung."
        ),
    )
    enforcement_text = RichTextField(
        _("Text zum Schlichtungsverfahren"), features=TEXT_FEATURES, default=DEFAULT_ENFORCEMENT_TEXT
    )
    enforcement_url = models.URLField(
        _("Internetadresse der Schlichtungsstelle"), default=DEFAULT_ENFORCEMENT_URL
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("compliance_status"),
                FieldPanel("compliance_text"),
                FieldPanel("non_accessible_content"),
                FieldPanel("statement_date"),
                FieldPanel("assessment_method"),
            ],
            heading=_("Stand der Barrierefreiheit"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_text"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Kontakt und Feedback"),
        ),
        MultiFieldPanel(
            [FieldPanel("enforcement_name"), FieldPanel("enforcement_text"), FieldPanel("enforcement_url")],
            heading=_("Schlichtungsverfahren"),
        ),
    ]

    parent_page_types = ["courses.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Erklärung zur Barrierefreiheit")
        verbose_name_plural = _("Erklärungen zur Barrierefreiheit")

    def clean(self):
        super().clean()
        # The footer of every page links to /barrierefreiheit/ without a database query.
        if self.slug != STATEMENT_SLUG:
            raise ValidationError(
                {
                    "slug": _("Die Erklärung zur Barrierefreiheit braucht die Kurzform „%(slug)s“.")
                    % {"slug": STATEMENT_SLUG}
                }
            )

    def get_context(self, request, *args, **kwargs):
        from courses.public.forms import FeedbackForm  # noqa: PLC0415 - the form module imports this module

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("form", FeedbackForm())
        context["sent"] = request.GET.get("gesendet") == "1"
        return context


class AccessibilityFeedback(models.Model):
    """A barrier that a visitor reported through the accessibility statement."""

    message = models.TextField(_("Nachricht"), max_length=2000)
    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    page_url = models.CharField(_("Betroffene Seite"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("Eingegangen am"), auto_now_add=True)
    handled = models.BooleanField(_("Erledigt"), default=False)
    # Set once the editors have been told; a second run of the notification task then sends nothing.
    notified_at = models.DateTimeField(
        _("Redaktion benachrichtigt am"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")
        ordering = ["-created_at"]

    def __str__(self):
        return Truncator(self.message).chars(80)
