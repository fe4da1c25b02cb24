"""Views of the learner record: progress API, enrolment, "gelesen", certificates, health and sign-in."""

import json
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.models import CoursePage, LessonPage

from . import completion, health, heartbeat_cache, my_data, privacy, progress, reminders
from .models import AccessLogEntry, Certificate, StaffProfile
from .tasks import update_course_completion

# Page ids are 32-bit integers in PostgreSQL: a larger number names no lesson (and would overflow the query).
MAX_ID = 2**31 - 1
VERIFICATION_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico on every site, whatever the page links. A temporary redirect to the unhashed
    name (collectstatic keeps it beside the hashed one): browsers cache a permanent redirect, which would outlive
    a deploy that changes the icon's hash."""
    return redirect(f"{settings.STATIC_URL}icons/icon-32.png")


@never_cache
@require_GET
def healthz(request):
    """Liveness for anyone (no query, no task); the full check only for the token or a configured network."""
    if not health.may_run_full_check(request):
        return JsonResponse({"status": "ok"})
    checks = health.full_check()
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error", "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)


def csrf_failure(request, reason=""):
    """German answer when the CSRF check fails (JSON for the API, a page otherwise)."""
    message = _(
        "Die Anfrage konnte nicht geprüft werden. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"errors": {"__all__": message}}, status=403)
    return render(request, "403.html", {"message": message}, status=403)


def visible_lesson(request, lesson_id):
    """The live lesson if `request.user` may see it, else None (unknown, unpublished or restricted)."""
    lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
    return lesson if lesson is not None and is_visible(request, lesson) else None


def is_visible(request, lesson):
    """Whether the person may see the live lesson (or course): its view restrictions, and a placeholder
    course only for its programme's audience (courses.models.shown_to). The progress API decides the same
    from cached facts (learning.heartbeat_cache.LessonFacts.is_visible_to)."""
    course = lesson if isinstance(lesson, CoursePage) else lesson.course
    return (
        lesson.live
        and all(restriction.accept_request(request) for restriction in lesson.get_view_restrictions())
        and (course is None or course.is_shown_to(request.user))
    )


def _errors(status, **errors):
    return JsonResponse({"errors": errors}, status=status)


@never_cache
@require_POST
def progress_api(request):
    """POST /api/progress/: merge a video heartbeat into the learner's progress (see DESIGN.md).

    New coverage is credited no faster than time passes (learning.progress); the rest is clipped."""
    if not request.user.is_authenticated:
        return _errors(403, __all__=_("Bitte melden Sie sich an."))
    if request.content_type != "application/json":
        return _errors(400, __all__=_("Die Anfrage muss JSON sein (Content-Type: application/json)."))
    try:
        data = json.loads(request.body, parse_constant=_reject_constant)
    except RequestDataTooBig:  # a body over DATA_UPLOAD_MAX_MEMORY_SIZE: Django refuses to read it
        return _errors(400, __all__=_("Die Anfrage ist zu groß."))
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: JSON nested thousands deep
        return _errors(400, __all__=_("Die Anfrage ist kein gültiges JSON."))
    if not isinstance(data, dict):
        return _errors(400, __all__=_("Die Anfrage muss ein JSON-Objekt sein."))
    lesson_id = data.get("lesson")
    if not isinstance(lesson_id, int) or isinstance(lesson_id, bool):
        return _errors(400, lesson=_("Die Lektion muss als Zahl angegeben sein."))
    if not 0 < lesson_id <= MAX_ID:
        return _errors(400, lesson=_("Diese Lektion gibt es nicht."))
    # What the lesson is, who may see it and how long its video is, and that the person is enrolled: one
    # read of the heartbeat cache (no query).
    cached = heartbeat_cache.for_heartbeat(request.user, lesson_id)
    facts = cached.lesson_facts()
    if facts is None:
        return _errors(400, lesson=_("Diese Lektion gibt es nicht."))
    if not facts.is_visible_to(request):
        return _errors(403, lesson=_("Sie haben keinen Zugriff auf diese Lektion."))
    if not facts.duration:
        return _errors(400, lesson=_("Diese Lektion hat kein abspielbares Video."))
    try:
        intervals, position = progress.validate_heartbeat(data, facts.duration)
    except progress.HeartbeatError as error:
        return _errors(400, **error.errors)
    try:
        cached.enrol_once(facts.course_id)
    except completion.EnrolmentError as error:
        return _errors(403, lesson=str(error))
    # The lesson as a page, made from the facts only when the completion function needs more than its id
    # (a completion): most heartbeats do not.
    lesson = SimpleLazyObject(facts.lesson)
    # Most heartbeats store their coverage and nothing else: one UPDATE, no transaction (learning.progress).
    heartbeat = progress.record_heartbeat_alone(
        request.user, facts.id, intervals, position, facts.duration, commits_alone=_completes_nothing
    )
    if heartbeat is not None:
        completed = _complete(request.user, lesson, heartbeat.progress)
    else:
        # Coverage and the completion it earns are stored together. The view's transaction is the outermost
        # one (no ATOMIC_REQUESTS); where it is not (tests), it adds no savepoint either.
        with transaction.atomic(savepoint=False):
            heartbeat = progress.record_heartbeat(request.user, facts.id, intervals, position, facts.duration)
            completed = _complete(request.user, lesson, heartbeat.progress)
    record = heartbeat.progress
    # More new coverage than the time since the last heartbeat allows is clipped, not refused: the answer
    # says how many new seconds counted ("credited") and how many did not ("clipped").
    return JsonResponse(
        {
            "coverage": round(record.coverage, 4),
            "position": record.position,
            "completed": completed,
            "credited": round(heartbeat.credited, 2),
            "clipped": round(heartbeat.clipped, 2),
        }
    )


def _completes_nothing(record):
    """Whether `_complete` will store nothing for this (merged, unsaved) progress: the lesson is complete
    already, or the video gives no evidence yet (completion.complete_lesson then changes nothing)."""
    return record.completed_at is not None or completion.video_watched(record) is None


def _complete(user, lesson, record):
    """Whether the lesson is complete after this heartbeat; completes it through the one completion function."""
    if record.completed_at is not None:
        return True
    outcome = completion.complete_lesson(user, lesson, completion.video_watched(record))
    _check_course_after_commit(user, outcome)
    return outcome.newly_completed


def _check_course_after_commit(user, outcome):
    if outcome.newly_completed:
        update_course_completion.delay_on_commit(user.pk, outcome.course_id)


def _reject_constant(name):
    raise ValueError(f"{name} is not allowed")


@login_required
@require_POST
def enrol_view(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    # The lessons' rule: a course restricted to other groups does not exist for this person (404, nothing stored).
    if not is_visible(request, course):
        raise Http404
    try:
        completion.enrol(request.user, course)
    except completion.EnrolmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Sie sind jetzt für diesen Kurs eingeschrieben. Beginnen Sie mit Lektion 1. Viel Erfolg!"),
        )
    return redirect(course.url)


@login_required
@require_POST
def mark_read_view(request, lesson_id):
    lesson = visible_lesson(request, lesson_id)
    if lesson is None:
        raise Http404
    if lesson.completion_rule != LessonPage.Rule.READ:
        messages.error(request, _("Diese Lektion wird nicht durch „Gelesen“ abgeschlossen."))
        return redirect(lesson.url)
    try:
        outcome = completion.complete_lesson(request.user, lesson, completion.Evidence.MARKED_READ)
    except completion.EnrolmentError as error:
        messages.error(request, str(error))
        return redirect(lesson.url)
    _check_course_after_commit(request.user, outcome)
    messages.success(request, _("Die Lektion ist als gelesen markiert."))
    return redirect(lesson.url)


@login_required
def certificate_download(request, pk):
    """The PDF, only for its owner; others get 404 so nobody learns that the certificate exists."""
    certificate = get_object_or_404(Certificate, pk=pk, user=request.user)
    if not certificate.pdf:
        raise Http404
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"Zertifikat-{certificate.number}.pdf",
        content_type="application/pdf",
    )


@require_GET
def certificate_verify(request, code):
    """Public check of a certificate: name, course, number, date and state (valid, expired, revoked) only."""
    # Codes are URL-safe Base64; anything else (a NUL, which PostgreSQL refuses) names no certificate.
    valid = VERIFICATION_CODE.fullmatch(code) is not None
    certificate = Certificate.objects.filter(verification_code=code).first() if valid else None
    response = render(
        request,
        "learning/certificate_verify.html",
        {
            "certificate": certificate,
            "state": certificate.state(timezone.localdate()) if certificate else None,
        },
        status=200 if certificate else 404,
    )
    # A check page names a person: search engines must not list it.
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@login_required
@require_GET
def my_data_view(request):
    """ "Meine Daten": what is stored about the signed-in person, for how long, their consents, who saw
    their data and their knowledge-check attempts. Only ever about `request.user`: no id in the address."""
    categories = my_data.collect(request.user)
    return render(
        request,
        "learning/my_data.html",
        {"categories": categories, "shown": my_data.on_page(categories)},
    )


@never_cache
@login_required
@require_POST
def my_data_download(request):
    """The Art. 15 ZIP of the signed-in person, built in the request and logged; nothing in the request
    chooses whose data it is."""
    user = request.user
    now = timezone.now()
    with transaction.atomic():  # the log entry stays only if the archive was built
        privacy.log_access(user, user, AccessLogEntry.Action.EXPORT, my_data.EXPORT_REASON)
        content = my_data.archive(user, now)
    response = HttpResponse(content, content_type="application/zip")
    filename = f"lernhafen-meine-daten-{timezone.localdate(now):%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def reminder_preferences(request):
    """The learner's own choice: a copy of their reminders to their Lotse. Nothing to opt out of: the
    reminders are of mandatory trainings only."""
    profile = StaffProfile.objects.filter(user=request.user).first()
    if request.method == "POST" and profile is not None:
        wanted = request.POST.get("remind_lotse") == "on"
        # update(): no post_save, which would sync the person's mandatory trainings for nothing.
        StaffProfile.objects.filter(pk=profile.pk).update(remind_lotse=wanted)
        if wanted:
            messages.success(
                request, _("Gespeichert: Ihre Erinnerungen gehen auch an Ihre Lotsin oder Ihren Lotsen.")
            )
        else:
            messages.success(request, _("Gespeichert: Ihre Erinnerungen gehen nur an Sie."))
        return redirect("reminder_preferences")
    context = {"profile": profile, "lotsen": reminders.lotsen_of([request.user.pk]).get(request.user.pk, [])}
    return render(request, "learning/reminder_preferences.html", context)
