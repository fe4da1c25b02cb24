"""The printable A4 explainer poster; its QR code is drawn in Python as inline SVG: no request leaves the site."""

from math import ceil

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


# The printed sheet cannot scroll: a poster whose texts would not fit at the normal type sizes is set in the
# compact ones (public.css), and what does not fit even then is cut off there. Measured in Chromium on the
# sheet's 180 mm measure at the normal sizes: a title line holds about 32 characters and is 12.2 mm high, a line
# of lead or steps about 64 characters and 6.35 mm; the sheet leaves 139 mm for them beside sender, QR code,
# help in person and date. Other scripts may set wider in their fallback fonts, hence the margin.
TITLE_LINE = (32, 12.2)
TEXT_LINE = (64, 6.35)
SPACING_MM = 10  # between lead and steps and between the steps
ROOM_MM = 139
SAFETY = 1.1


def _lines(text, chars_per_line):
    return sum(max(1, ceil(len(line) / chars_per_line)) for line in text.splitlines() or [""])


def is_compact(title, lead, steps):
    """Whether the poster needs the compact type sizes to fit title, lead and steps ((title, text) pairs)."""
    texts = [lead, *(part for step in steps for part in step if part)]
    height = (
        _lines(title, TITLE_LINE[0]) * TITLE_LINE[1]
        + sum(_lines(text, TEXT_LINE[0]) for text in texts) * TEXT_LINE[1]
        + SPACING_MM
    )
    return height * SAFETY > ROOM_MM


def render_poster(page, request):
    """The poster of an explainer page: title, the first three steps and a QR code to the page in its language."""
    context = page.get_context(request)
    context["key_steps"] = [step.value for step in page.steps][:3]
    context["compact"] = is_compact(
        page.title, page.lead, [(step["title"], step["text"]) for step in context["key_steps"]]
    )
    context["page_full_url"] = public_url(page, request)
    context["qr_svg"] = qr_svg(context["page_full_url"])
    return TemplateResponse(request, "public/explainer_poster.html", context)
