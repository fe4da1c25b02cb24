"""Page types of the site: the public home page and the staff learning portal."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction

__all__ = ["HomePage", "PortalPage", "ensure_login_restriction"]


class HomePage(Page):
    """The public start page of the job centre's site."""

    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.PortalPage"]

    class Meta:
        verbose_name = _("Startseite")


class PortalPage(Page):
    """ "Mein Lernen": the staff learning portal. It and everything below it needs a login."""

    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["courses.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Lernportal")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        ensure_login_restriction(self)


def ensure_login_restriction(page):
    """Staff content is never public: make sure a "login required" restriction sits on the page."""
    if not PageViewRestriction.objects.filter(page=page).exists():
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
