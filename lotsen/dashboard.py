"""What the Lotsen pages show: directory, Lotse dashboard, coaching detail and the colleague's own view."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, Max, OuterRef, Q
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from learning import privacy

from . import permissions, services
from .models import Coaching, CoachingSession, HelpRequest, Lotse, LotsenProgramme, SelfCheck

COACHINGS_PER_PAGE = 10  # each shown coaching may read a colleague's progress (two queries)
QUOTA_MONTHS = 4


DIRECTORY_PER_PAGE = 20


def directory(request):
    """The active Lotsen, those who cover the visitor's org unit (or a unit above it) first, then by name;
    searchable by name, topic and unit, and paged, since a large job centre has hundreds of them."""
    query = (
        request.GET.get("q", "").replace("\x00", "").strip()[:100]
    )  # a NUL is no text (PostgreSQL refuses it)
    lotsen = Lotse.objects.filter(permissions.active_lotsen())
    matching = lotsen
    for word in query.split():
        matching = matching.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(org_units__name__icontains=word)
            | Q(competences__title_de__icontains=word)
            | Q(competences__code=word)
            | Q(tags__name__icontains=word)
        )
    if query:
        lotsen = lotsen.filter(pk__in=matching.values("pk"))  # one row per Lotse, however many things matched
    covers_mine = Lotse.org_units.through.objects.filter(
        lotse_id=OuterRef("pk"), orgunit_id__in=services.unit_chain(request.user)
    )
    lotsen = (
        lotsen.annotate(covers_mine=Exists(covers_mine))
        .select_related("user")
        .prefetch_related("org_units", "competences", "tags")
        .order_by("-covers_mine", "user__last_name", "user__first_name", "pk")
    )
    page = Paginator(lotsen, DIRECTORY_PER_PAGE).get_page(request.GET.get("seite"))
    return {
        "programme": LotsenProgramme.load(request_or_site=request),
        "lotsen": page,
        "page_obj": page,
        "search": query,
        "query": urlencode({"q": query}) if query else "",
    }


def quota(lotse, today=None):
    """This month's use of the Lotse's quota and the previous months' for the table alternative."""
    starts = services.months(today, QUOTA_MONTHS)
    used = dict.fromkeys(starts, 0)
    for date, minutes in CoachingSession.objects.filter(lotse=lotse, date__gte=starts[-1]).values_list(
        "date", "minutes"
    ):
        used[services.month_start(date)] += minutes
    quota_minutes = lotse.quota_minutes
    months = [
        {
            "month": start,
            "used_hours": round(used[start] / 60, 1),
            "percent": round(100 * used[start] / quota_minutes) if quota_minutes else 0,
        }
        for start in starts
    ]
    current = months[0]
    text = _("%(used)s von %(total)s Stunden (%(percent)s %%)") % {
        "used": floatformat(current["used_hours"], -1),
        "total": lotse.monthly_quota_hours,
        "percent": current["percent"],
    }
    return {
        "bars": [{"label": _("Genutzt"), "percent": min(current["percent"], 100), "text": text}],
        "months": months,
    }


def lotse_dashboard(request, lotse):
    user = request.user
    open_requests = (
        HelpRequest.objects.filter(permissions.requests_to_answer(user))
        .select_related("requester__staff_profile__org_unit", "competence")
        .order_by("created_at")
    )
    coachings = Paginator(
        Coaching.objects.filter(permissions.coachings_led_by(user), ended_at=None)
        .select_related("colleague")
        .prefetch_related("competences")
        .annotate(last_session=Max("sessions__date"))
        .order_by("colleague__last_name", "colleague__first_name", "pk"),
        COACHINGS_PER_PAGE,
    ).get_page(request.GET.get("seite"))
    shown = list(coachings.object_list)
    progress = privacy.course_progress(
        user, [c.colleague for c in shown], {c.colleague_id: c.reference for c in shown}
    )
    for coaching in shown:
        coaching.progress = progress.get(coaching.colleague_id)
    follow_ups = (
        CoachingSession.objects.filter(
            permissions.sessions_logged_by(user), follow_up_due__isnull=False, follow_up_done_at=None
        )
        .exclude(follow_up="")
        .select_related("coaching__colleague")
        .order_by("follow_up_due")[:20]
    )
    return {
        "lotse": lotse,
        "open_requests": open_requests,
        "can_hand_over": Lotse.objects.filter(permissions.active_lotsen()).exclude(pk=lotse.pk).exists(),
        "coachings": coachings,
        "coaching_list": shown,
        "follow_ups": follow_ups,
        "quota": quota(lotse),
        "today": timezone.localdate(),
    }


def coaching_for_lotse(user, coaching):
    """The Lotse's view of one coaching: sessions with private notes, progress only with consent."""
    sessions = list(coaching.sessions.prefetch_related("competences"))
    notes = dict(
        permissions.private_notes_of(user)
        .filter(session__coaching=coaching)
        .values_list("session_id", "text")
    )
    for session in sessions:
        session.note = notes.get(session.pk, "")
    progress = privacy.course_progress(
        user, [coaching.colleague], {coaching.colleague_id: coaching.reference}
    )
    latest_check = (
        SelfCheck.objects.filter(permissions.self_checks_readable_by(user), user=coaching.colleague)
        .order_by("-created_at")
        .first()
    )
    return {
        "sessions": sessions,
        "accepted_requests": coaching.help_requests.filter(status=HelpRequest.Status.ACCEPTED).select_related(
            "competence"
        ),
        "progress": progress.get(coaching.colleague_id),
        "latest_check": latest_check,
    }


def colleague_support(user):
    """ "Meine Lotsen-Begleitung": my requests, coachings and sessions (never a private note)."""
    if not user.is_authenticated:
        return None
    sessions = (
        CoachingSession.objects.filter(permissions.sessions_seen_by_colleague(user))
        .select_related("lotse__user")
        .prefetch_related("competences")[:20]
    )
    return {
        "requests": HelpRequest.objects.filter(requester=user)
        .exclude(status=HelpRequest.Status.DONE)
        .select_related("lotse__user", "competence"),
        "coachings": Coaching.objects.filter(permissions.coachings_received_by(user), ended_at=None)
        .select_related("lotse__user")
        .prefetch_related("competences"),
        "sessions": sessions,
        "inactive_months": settings.LOTSEN_COACHING_INACTIVE_MONTHS,
    }


HAND_OVER_CHOICES = 20


def hand_over_choices(help_request, query=""):
    """(Lotsen to offer, whether there are more) for handing `help_request` over: with a search, the other
    active Lotsen whose name matches; without one, those who cover the requester's org unit or a unit above
    it. At most HAND_OVER_CHOICES, by name, with their units in one more query."""
    lotsen = Lotse.objects.filter(permissions.active_lotsen()).exclude(pk=help_request.lotse_id)
    words = query.split()
    if words:
        for word in words:
            lotsen = lotsen.filter(
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(user__username__icontains=word)
            )
    else:
        lotsen = lotsen.filter(org_units__in=services.unit_chain(help_request.requester)).distinct()
    found = list(
        lotsen.select_related("user")
        .prefetch_related("org_units")
        .order_by("user__last_name", "user__first_name", "pk")[: HAND_OVER_CHOICES + 1]
    )
    return found[:HAND_OVER_CHOICES], len(found) > HAND_OVER_CHOICES
