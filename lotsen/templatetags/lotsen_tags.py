"""Template tags of the Lotsen pages: the "Meine Lotsen-Begleitung" section."""

from django import template

from lotsen import dashboard

register = template.Library()


@register.inclusion_tag("lotsen/components/support_section.html", takes_context=True)
def lotsen_support_section(context):
    """ "Meine Lotsen-Begleitung" for the signed-in person (on "Mein Lernen" and its own page)."""
    request = context["request"]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "support": dashboard.colleague_support(request.user),
    }
