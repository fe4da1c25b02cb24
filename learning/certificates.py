"""Certificate PDFs: an HTML template rendered by WeasyPrint, with a QR code to the verification page."""

import segno
from django.conf import settings
from django.template.loader import render_to_string


def verification_url(certificate):
    """The check page's address on the public host: whoever is shown the certificate (a future employer, a
    university) cannot reach the staff intranet at BASE_URL."""
    return settings.PUBLIC_BASE_URL + certificate.get_verification_url()


def qr_svg_data_uri(url):
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def render_certificate_pdf(certificate):
    """The certificate as PDF bytes."""
    # WeasyPrint takes a second to import; only the worker that renders certificates needs it.
    from weasyprint import HTML  # noqa: PLC0415

    course = certificate.course
    url = verification_url(certificate)
    html = render_to_string(
        "learning/certificate.html",
        {
            "certificate": certificate,
            "minutes": course.estimated_minutes,
            "competences": course.course_competences.select_related("competence"),
            "verification_url": url,
            "qr": qr_svg_data_uri(url),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
