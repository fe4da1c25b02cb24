"""Pages of the Digitalisierungslotsen: directory, dashboard, help requests, coaching and the self-check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning import privacy
from learning.models import AccessLogEntry
from learning.models.org import display_name

from . import dashboard, permissions, selfcheck, services
from .forms import (
    ConsentForm,
    EndCoachingForm,
    GroupSessionForm,
    HandOverForm,
    HelpRequestForm,
    SelfCheckForm,
    SessionForm,
    StartCoachingForm,
)
from .models import Coaching, CoachingSession, HelpRequest, SelfCheck
from .tasks import notify_coaching_proposed, notify_lotse_after_commit, tell_coaching_ended


def _lotse_or_403(user):
    lotse = permissions.active_lotse(user)
    if lotse is None:
        raise PermissionDenied
    return lotse


def _render(request, template, context=None, status=200):
    """Render a Lotsen page; the tabs show the dashboard link to active Lotsen only."""
    context = {"is_lotse": permissions.active_lotse(request.user) is not None, **(context or {})}
    return render(request, template, context, status=status)


@login_required
def index(request):
    """Lotsen see their dashboard here; everybody else the directory."""
    lotse = permissions.active_lotse(request.user)
    if lotse is None:
        return directory(request)
    return _render(request, "lotsen/dashboard.html", dashboard.lotse_dashboard(request, lotse))


@login_required
def directory(request):
    return _render(request, "lotsen/directory.html", dashboard.directory(request))


@login_required
def help_request(request):
    form = HelpRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = services.create_request(
            request.user,
            message=form.cleaned_data["message"],
            preferred_format=form.cleaned_data["preferred_format"],
            **form.topic_fields(),
        )
        notify_lotse_after_commit(created)
        if created.lotse:
            messages.success(
                request,
                _("Danke! %(name)s hat Ihre Anfrage bekommen und meldet sich bei Ihnen.")
                % {"name": created.lotse.name},
            )
        else:
            messages.success(
                request,
                _(
                    "Danke! Ihre Anfrage ist bei der Koordination. Sie sucht eine passende Lotsin oder einen passenden Lotsen für Sie."
                ),
            )
        return redirect("lotsen:my_support")
    return _render(request, "lotsen/help_request.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def my_support(request):
    return _render(request, "lotsen/my_support.html")


@login_required
def access_log(request):
    """The person's own access log: who read their learning data, and their consent changes."""
    page = Paginator(
        AccessLogEntry.objects.filter(subject=request.user)
        # Sign-ins, refused accesses and group changes are security events for Datenschutz, not reads.
        .exclude(action__in=AccessLogEntry.SECURITY_EVENTS)
        .select_related("viewer")
        .order_by("-created_at", "-pk"),
        50,
    ).get_page(request.GET.get("seite"))
    return _render(request, "lotsen/access_log.html", {"entries": page.object_list, "page": page})


def _request_to_answer(request, pk):
    return get_object_or_404(
        HelpRequest.objects.filter(permissions.requests_to_answer(request.user)).select_related(
            "lotse__user", "requester", "competence"
        ),
        pk=pk,
    )


@login_required
@require_POST
def accept_request(request, pk):
    help_request = _request_to_answer(request, pk)
    coaching = services.accept(help_request)
    messages.success(
        request,
        _("Sie haben die Anfrage angenommen. Bitte melden Sie sich bei %(name)s.")
        % {"name": display_name(help_request.requester)},
    )
    return redirect("lotsen:coaching", pk=coaching.pk)


@login_required
@require_POST
def decline_request(request, pk):
    help_request = services.decline(_request_to_answer(request, pk))
    notify_lotse_after_commit(help_request)
    if help_request.lotse:
        messages.success(
            request, _("Die Anfrage geht jetzt an eine andere Lotsin oder einen anderen Lotsen.")
        )
    else:
        messages.success(request, _("Die Anfrage geht jetzt an die Koordination."))
    return redirect("lotsen:index")


@login_required
def hand_over_request(request, pk):
    """Choose another Lotse for a request (GET, with a name search) and hand it over (POST)."""
    help_request = _request_to_answer(request, pk)
    query = (
        request.GET.get("q", "").replace("\x00", "").strip()[:100]
    )  # a NUL is no text (PostgreSQL refuses it)
    form = HandOverForm(request.POST or None, lotse=help_request.lotse)
    if request.method != "POST" or not form.is_valid():
        choices, more = dashboard.hand_over_choices(help_request, query)
        context = {
            "help_request": help_request,
            "form": form,
            "choices": choices,
            "more": more,
            "query": query,
        }
        return _render(request, "lotsen/hand_over.html", context, status=400 if form.is_bound else 200)
    notify_lotse_after_commit(services.hand_over(help_request, form.cleaned_data["to_lotse"]))
    messages.success(
        request, _("Die Anfrage ist an %(name)s übergeben.") % {"name": form.cleaned_data["to_lotse"].name}
    )
    return redirect("lotsen:index")


@login_required
@require_POST
def close_request(request, pk):
    help_request = get_object_or_404(
        HelpRequest.objects.filter(
            lotse__user=request.user, lotse__active=True, status=HelpRequest.Status.ACCEPTED
        ),
        pk=pk,
    )
    services.close(help_request)
    messages.success(request, _("Die Anfrage ist als erledigt markiert."))
    return redirect(
        reverse("lotsen:coaching", args=[help_request.coaching_id])
        if help_request.coaching_id
        else "lotsen:index"
    )


@login_required
@require_POST
def withdraw_request(request, pk):
    help_request = get_object_or_404(
        HelpRequest.objects.filter(permissions.requests_to_withdraw(request.user)), pk=pk
    )
    try:
        services.withdraw(help_request, request.user)
    except services.NotAllowed:
        messages.error(request, _("Diese Anfrage können Sie nicht mehr zurückziehen."))
    else:
        messages.success(request, _("Sie haben Ihre Anfrage zurückgezogen."))
    return redirect("lotsen:my_support")


@login_required
def start_coaching(request):
    lotse = _lotse_or_403(request.user)
    form = StartCoachingForm(request.POST or None, lotse=lotse)
    if request.method == "POST" and form.is_valid():
        # Without a request the colleague has not asked: the coaching waits until they accept it.
        colleague = form.cleaned_data["colleague"]
        existed = Coaching.objects.filter(lotse=lotse, colleague=colleague, ended_at=None).exists()
        coaching = services.open_coaching(lotse, colleague, form.cleaned_data["competences"], accepted=False)
        if not existed:
            notify_coaching_proposed.delay_on_commit(coaching.pk)
        if coaching.is_accepted:
            messages.success(request, _("Die Begleitung ist angelegt."))
        else:
            messages.success(
                request,
                _(
                    "Die Begleitung ist angelegt. Sie beginnt, sobald %(name)s zustimmt. Bis dahin können Sie keine Termine eintragen."
                )
                % {"name": display_name(coaching.colleague)},
            )
        return redirect("lotsen:coaching", pk=coaching.pk)
    return _render(request, "lotsen/start_coaching.html", {"form": form}, status=400 if form.errors else 200)


def _coaching_page(request, coaching, session_form=None, status=200):
    user = request.user
    context = {"coaching": coaching}
    context["end_form"] = EndCoachingForm()
    if coaching.lotse.user_id == user.pk:
        context.update(dashboard.coaching_for_lotse(user, coaching))
        context["session_form"] = session_form or SessionForm(
            initial={"competences": list(coaching.competences.all())}
        )
        return _render(request, "lotsen/coaching_lotse.html", context, status=status)
    context["sessions"] = CoachingSession.objects.filter(
        permissions.sessions_seen_by_colleague(user), coaching=coaching
    ).prefetch_related("competences")
    return _render(request, "lotsen/coaching_colleague.html", context, status=status)


def _visible_coaching(request, pk):
    return get_object_or_404(
        Coaching.objects.filter(permissions.coachings_visible_to(request.user)).select_related(
            "lotse__user", "colleague"
        ),
        pk=pk,
    )


@login_required
def coaching_detail(request, pk):
    return _coaching_page(request, _visible_coaching(request, pk))


@login_required
@require_POST
def log_session(request, pk):
    coaching = get_object_or_404(Coaching.objects.select_related("lotse__user", "colleague"), pk=pk)
    if not Coaching.objects.filter(permissions.coachings_led_by(request.user), pk=pk).exists():
        raise PermissionDenied
    form = SessionForm(request.POST)
    if not coaching.is_open or not coaching.is_accepted:
        form.is_valid()
        form.add_error(
            None,
            _("Diese Begleitung ist beendet. Sie können keine Termine mehr eintragen.")
            if not coaching.is_open
            else _(
                "Die Kollegin oder der Kollege hat der Begleitung noch nicht zugestimmt. Bis dahin können Sie keine Termine eintragen."
            ),
        )
        return _coaching_page(request, coaching, session_form=form, status=400)
    if not form.is_valid():
        return _coaching_page(request, coaching, session_form=form, status=400)
    try:
        services.log_session(
            coaching.lotse,
            coaching=coaching,
            competences=form.cleaned_data["competences"],
            private_notes=form.cleaned_data["private_notes"],
            **{
                name: form.cleaned_data[name]
                for name in ["date", "minutes", "format", "outcome", "follow_up", "follow_up_due"]
            },
        )
    except services.NotAllowed:
        form.add_error(None, _("Für diese Begleitung können Sie gerade keinen Termin eintragen."))
        return _coaching_page(request, coaching, session_form=form, status=400)
    messages.success(request, _("Der Termin ist gespeichert."))
    return redirect("lotsen:coaching", pk=coaching.pk)


@login_required
def log_group_session(request):
    lotse = _lotse_or_403(request.user)
    form = GroupSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.log_session(
            lotse,
            participant_count=form.cleaned_data["participant_count"],
            competences=form.cleaned_data["competences"],
            **{name: form.cleaned_data[name] for name in ["date", "minutes", "format", "outcome"]},
        )
        messages.success(request, _("Die Sprechstunde ist gespeichert."))
        return redirect("lotsen:index")
    return _render(request, "lotsen/group_session.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def complete_follow_up(request, pk):
    session = get_object_or_404(
        CoachingSession.objects.filter(permissions.sessions_logged_by(request.user)), pk=pk
    )
    services.complete_follow_up(session)
    messages.success(request, _("Der nächste Schritt ist als erledigt markiert."))
    return redirect("lotsen:index")


@login_required
@require_POST
def consent(request, pk):
    coaching = get_object_or_404(
        Coaching.objects.filter(
            permissions.coachings_received_by(request.user), ended_at=None
        ).select_related("lotse__user", "colleague"),
        pk=pk,
    )
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie: einwilligen oder widerrufen."))
        return redirect("lotsen:my_support")
    give = form.cleaned_data["consent"] == ConsentForm.Decision.GIVE
    kind = form.cleaned_data["kind"]
    try:
        services.set_consent(coaching, give, kind)
    except services.NotAllowed:
        messages.error(request, _("Bitte nehmen Sie die Begleitung zuerst an."))
        return redirect("lotsen:my_support")
    progress = kind == ConsentForm.Kind.PROGRESS
    if give and progress:
        text = _(
            "Danke. %(name)s sieht jetzt Ihren Lernstand in Ihren Kursen. Sie können das jederzeit widerrufen."
        )
    elif give:
        text = _(
            "Danke. %(name)s sieht jetzt die Ergebnisse Ihres Kompetenz-Checks. Sie können das jederzeit widerrufen."
        )
    elif progress:
        text = _("Sie haben Ihre Einwilligung widerrufen. %(name)s sieht Ihren Lernstand nicht mehr.")
    else:
        text = _(
            "Sie haben Ihre Einwilligung widerrufen. %(name)s sieht die Ergebnisse Ihres Kompetenz-Checks nicht mehr."
        )
    messages.success(request, text % {"name": coaching.lotse.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("lotsen:my_support")
    return redirect(target)


@login_required
@require_POST
def accept_coaching(request, pk):
    coaching = get_object_or_404(
        Coaching.objects.filter(permissions.coachings_received_by(request.user), ended_at=None), pk=pk
    )
    try:
        services.accept_coaching(coaching, request.user)
    except services.NotAllowed:
        messages.error(request, _("Diese Begleitung haben Sie schon angenommen."))
    else:
        messages.success(request, _("Sie haben die Begleitung angenommen."))
    return redirect("lotsen:my_support")


@login_required
@require_POST
def end_coaching(request, pk):
    """ "Begleitung beenden": the Lotse or the colleague; anybody else gets a 404."""
    coaching = _visible_coaching(request, pk)
    own_lotse = coaching.lotse.user_id == request.user.pk
    back = reverse("lotsen:index") if own_lotse else reverse("lotsen:my_support")
    form = EndCoachingForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["closing_note"]))
        return redirect("lotsen:coaching", pk=coaching.pk)
    try:
        ended = services.end_coaching(coaching, request.user, form.cleaned_data["closing_note"])
    except services.NotAllowed:
        ended = None
    if ended is None:
        messages.error(request, _("Diese Begleitung ist schon beendet."))
        return redirect(back)
    tell_coaching_ended([ended.pk])
    messages.success(request, _("Die Begleitung ist beendet. Die Einwilligung endet damit auch."))
    return redirect(back)


@login_required
def self_check(request):
    form = SelfCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = selfcheck.save_check(request.user, form.levels())
        messages.success(request, _("Danke! Ihr Kompetenz-Check ist gespeichert."))
        return redirect("lotsen:self_check_result", pk=check.pk)
    previous = SelfCheck.objects.filter(user=request.user).order_by("-created_at")[:5]
    return _render(
        request,
        "lotsen/self_check.html",
        {"form": form, "previous": previous},
        status=400 if form.errors else 200,
    )


@login_required
def self_check_result(request, pk):
    check = get_object_or_404(
        SelfCheck.objects.filter(permissions.self_checks_readable_by(request.user)).select_related("user"),
        pk=pk,
    )
    if check.user_id != request.user.pk:
        # Readable only through the colleague's Kompetenz-Check consent (permissions); every read is logged.
        coaching = Coaching.objects.filter(
            permissions.coachings_led_by(request.user), colleague=check.user, ended_at=None
        ).first()
        reason = coaching.reference if coaching else _("Kompetenz-Check #%(id)s") % {"id": check.pk}
        privacy.log_access(request.user, check.user, AccessLogEntry.Action.VIEW_SELF_CHECK, reason)
    context = selfcheck.result(check)
    context["own"] = check.user_id == request.user.pk
    return _render(request, "lotsen/self_check_result.html", context)
