"""Views of course dates: register, cancel, "In meinen Kalender", the calendar feed, and the trainer's
participant list with attendance and the printable signature list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.models import Termin

from . import privacy, termine, termine_ics
from .documents import attendance_list_pdf
from .models import AccessLogEntry, CalendarFeed, Registration
from .tasks import send_notices, update_course_completion
from .views import is_visible

TRAINER_REASON = "Teilnehmendenliste eines Termins (Trainer/in)"
ICS_TYPE = "text/calendar; charset=utf-8"


def _visible_termin(request, termin_id):
    termin = get_object_or_404(Termin.objects.select_related("course"), pk=termin_id, course__live=True)
    if not is_visible(request, termin.course.specific):
        raise Http404
    return termin


def _back(termin):
    return redirect(f"{termin.course.url}#termine")


@login_required
@require_POST
def register_view(request, termin_id):
    termin = _visible_termin(request, termin_id)
    try:
        outcome = termine.register(request.user, termin.pk)
    except termine.TerminError as error:
        messages.error(request, str(error))
        return _back(termin)
    send_notices(outcome.notices)
    if outcome.registration.state == Registration.State.CONFIRMED:
        messages.success(
            request,
            _("Sie sind angemeldet. Die Einladung für Ihren Kalender kommt per E-Mail."),
        )
    else:
        messages.success(
            request,
            _(
                "Der Termin ist ausgebucht: Sie stehen auf der Warteliste. Wird ein Platz frei, rücken Sie "
                "automatisch nach und erhalten eine E-Mail."
            ),
        )
    return _back(termin)


@login_required
@require_POST
def cancel_view(request, registration_id):
    registration = get_object_or_404(
        Registration.objects.select_related("termin__course"), pk=registration_id
    )
    termin = registration.termin
    try:
        outcome = termine.cancel(request.user, registration.pk)
    except termine.TerminError as error:
        messages.error(request, str(error))
        return _back(termin)
    send_notices(outcome.notices)
    messages.success(request, _("Sie sind abgemeldet. Ihr Kalender erhält eine Absage."))
    return _back(termin)


@never_cache
@login_required
@require_GET
def registration_ics(request, registration_id):
    """ "In meinen Kalender": the same file as in the e-mail, only for the registration's own person."""
    registration = get_object_or_404(
        Registration.objects.select_related("termin__course", "user"),
        pk=registration_id,
        user=request.user,
        state=Registration.State.CONFIRMED,
    )
    response = HttpResponse(termine_ics.invitation_ics(registration), content_type=ICS_TYPE)
    response["Content-Disposition"] = 'attachment; filename="termin.ics"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed_settings(request):
    """The address of one's calendar feed; a new address makes the old one stop working."""
    feed = CalendarFeed.objects.filter(user=request.user).first()
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            CalendarFeed.objects.filter(user=request.user).delete()
            messages.success(request, _("Die Adresse Ihres Kalender-Abonnements gilt nicht mehr."))
        else:
            CalendarFeed.objects.filter(user=request.user).delete()
            CalendarFeed.objects.create(user=request.user)
            messages.success(
                request,
                _("Ihre neue Adresse ist bereit. Die alte Adresse gilt nicht mehr."),
            )
        return redirect("calendar_feed_settings")
    url = request.build_absolute_uri(reverse("calendar_feed", args=[feed.token])) if feed else None
    return render(request, "learning/termine/calendar_feed.html", {"feed_url": url})


@never_cache
@require_GET
def calendar_feed(request, token):
    """The feed for a calendar program: no sign-in, the secret token in the address names the person."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token[:64]).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    response = HttpResponse(termine_ics.feed_ics(feed.user), content_type=ICS_TYPE)
    response["X-Robots-Tag"] = "noindex"
    return response


def _trainer_termin(request, termin_id):
    termin = get_object_or_404(Termin.objects.select_related("course"), pk=termin_id)
    if not termine.is_trainer(request.user, termin):
        raise PermissionDenied
    return termin


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def participants_view(request, termin_id):
    """The trainer's list: who has a place and who waits; attendance marked on a phone in the room."""
    termin = _trainer_termin(request, termin_id)
    error = None
    if request.method == "POST":
        marks = {}
        for key, value in request.POST.items():
            if key.startswith("attendance-"):
                try:
                    marks[int(key.removeprefix("attendance-"))] = value
                except ValueError:
                    marks = None
                    break
        try:
            if marks is None:
                raise termine.TerminError(_("Die Angaben konnten nicht gelesen werden."))
            outcome = termine.mark_attendance(request.user, termin.pk, marks)
        except termine.TerminError as exc:
            error = str(exc)
        else:
            for user_id, course_id in outcome.completion_checks:
                update_course_completion.delay_on_commit(user_id, course_id)
            messages.success(request, _("Die Anwesenheit ist gespeichert."))
            return redirect("termin_participants", termin.pk)
    registrations = list(termine.participants(termin))
    privacy.log_reads(
        request.user,
        AccessLogEntry.Action.VIEW_PROGRESS,
        dict.fromkeys({r.user_id for r in registrations}, TRAINER_REASON),
    )
    context = {
        "termin": termin,
        "confirmed": [r for r in registrations if r.state == Registration.State.CONFIRMED],
        "waiting": [r for r in registrations if r.state == Registration.State.WAITING],
        "choices": Registration.Attendance.choices,
        "can_mark": termin.starts_at <= timezone.now() + termine.ATTENDANCE_EARLY,
        "error": error,
    }
    return render(request, "learning/termine/participants.html", context, status=400 if error else 200)


@never_cache
@login_required
@require_GET
def attendance_list_view(request, termin_id):
    """The printable list for signatures (PDF), for the date's trainers."""
    termin = _trainer_termin(request, termin_id)
    registrations = [r for r in termine.participants(termin) if r.state == Registration.State.CONFIRMED]
    privacy.log_reads(
        request.user,
        AccessLogEntry.Action.EXPORT,
        dict.fromkeys({r.user_id for r in registrations}, TRAINER_REASON),
    )
    response = HttpResponse(attendance_list_pdf(termin, registrations), content_type="application/pdf")
    day = timezone.localdate(termin.starts_at).isoformat()
    response["Content-Disposition"] = f'attachment; filename="anwesenheitsliste-{day}.pdf"'
    return response


urlpatterns = [
    path("<int:termin_id>/anmelden/", register_view, name="termin_register"),
    path("anmeldung/<int:registration_id>/abmelden/", cancel_view, name="termin_cancel"),
    path("anmeldung/<int:registration_id>/kalender.ics", registration_ics, name="termin_ics"),
    path("<int:termin_id>/teilnehmende/", participants_view, name="termin_participants"),
    path("<int:termin_id>/anwesenheitsliste.pdf", attendance_list_view, name="termin_attendance_list"),
    path("kalender/", calendar_feed_settings, name="calendar_feed_settings"),
]
