"""QR codes for the printable explainer posters, drawn in Python as inline SVG: no request leaves the site."""

import segno
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
