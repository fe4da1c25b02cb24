"""Abstract field groups that several page types share, each with the panels that edit it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

__all__ = ["AudienceMixin", "IntroMixin"]

INTRO_FEATURES = ["bold", "italic", "link"]


class IntroMixin(models.Model):
    """A short introduction in rich text below the page title."""

    intro = RichTextField(_("Einleitung"), blank=True, features=INTRO_FEATURES)

    intro_panels = [FieldPanel("intro")]

    class Meta:
        abstract = True


class AudienceMixin(models.Model):
    """Who a programme or course is meant for, in a few words."""

    audience = models.CharField(_("Zielgruppe"), max_length=200, blank=True)

    audience_panels = [FieldPanel("audience")]

    class Meta:
        abstract = True
