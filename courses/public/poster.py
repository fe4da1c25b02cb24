"""The printable A4 explainer poster; its QR code is drawn in Python as inline SVG: no request leaves the site."""

import segno
from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# Medium error correction survives a creased or slightly dirty printout without making the code too dense.
ERROR_LEVEL = "m"


def qr_code(url):
    return segno.make(url, error=ERROR_LEVEL, micro=False)


def qr_svg(url):
    """The QR code for the URL as an SVG element that scales with CSS (no fixed width or height)."""
    svg = qr_code(url).svg_inline(
        omitsize=True, svgclass="lh-poster__qr", title=_("QR-Code zu %(url)s") % {"url": url}
    )
    # segno escapes the title and writes nothing else that comes from outside.
    return mark_safe(svg)  # noqa: S308


def public_url(page, request=None):
    """The page's address as clients type it: settings.PUBLIC_BASE_URL, not the Site record's host."""
    _site_id, _root_url, path = page.get_url_parts(request)
    return f"{settings.PUBLIC_BASE_URL}{path}"


def render_poster(page, request):
    """The poster of an explainer page: title, the first three steps and a QR code to the page in its language."""
    context = page.get_context(request)
    context["key_steps"] = [step.value for step in page.steps][:3]
    context["page_full_url"] = public_url(page, request)
    context["qr_svg"] = qr_svg(context["page_full_url"])
    return TemplateResponse(request, "public/explainer_poster.html", context)
