"""The printable attendance list of a course date (WeasyPrint), for trainings where signatures are required."""

from django.conf import settings
from django.template.loader import render_to_string

from .models.org import display_name


def attendance_list_pdf(termin, registrations):
    """A4 PDF bytes: the date, its trainers, and one row per participant with space for a signature."""
    # WeasyPrint takes a second to import; only this view needs it.
    from weasyprint import HTML  # noqa: PLC0415

    html = render_to_string(
        "learning/termine/attendance_list.html",
        {
            "termin": termin,
            "trainers": termin.trainer_names(),
            "rows": [(display_name(r.user), r.get_attendance_display()) for r in registrations],
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
