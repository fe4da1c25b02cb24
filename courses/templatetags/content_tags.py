"""Template tags of the content app that depend on the language the visitor reads the page in."""

from django import template
from django.utils.translation import get_language

from courses.models import PublicServiceSettings

register = template.Library()


@register.simple_tag
def player_language(video):
    """{"track", "transcript", "transcript_language"}: the caption track the player starts with and its transcript."""
    return video.in_language(get_language())


@register.simple_tag(takes_context=True)
def public_contact(context):
    """The job centre's contact details (PublicServiceSettings.in_language) in the visitor's language."""
    contact = PublicServiceSettings.for_request(context["request"])
    return contact.in_language(get_language())
