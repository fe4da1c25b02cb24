"""Koordination assigns courses with a due date and follows the status of what it assigned.

The status overview shows only assigned and mandatory trainings, and of those only status, due date,
completion date and certificate validity (DESIGN.md, privacy); every view is written to the access log.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from courses.models import CoursePage

from .models import AccessLogEntry, Certificate, Enrolment, OrgUnit

ASSIGN_PERMISSION = "learning.add_enrolment"
OVERVIEW_LIMIT = 500


class AssignmentForm(forms.Form):
    course = forms.ModelChoiceField(label=gettext_lazy("Kurs"), queryset=CoursePage.objects.none())
    org_unit = forms.ModelChoiceField(
        label=gettext_lazy("Organisationseinheit"),
        queryset=OrgUnit.objects.all(),
        required=False,
        help_text=gettext_lazy("Alle Beschäftigten dieser Einheit und ihrer Untereinheiten."),
    )
    users = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Einzelne Beschäftigte"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name"),
        required=False,
    )
    due_date = forms.DateField(
        label=gettext_lazy("Fällig bis"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["users"].label_from_instance = lambda user: user.get_full_name() or user.get_username()

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        if due_date < timezone.localdate():
            raise forms.ValidationError(_("Das Fälligkeitsdatum darf nicht in der Vergangenheit liegen."))
        return due_date

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("org_unit") and not cleaned_data.get("users"):
            raise forms.ValidationError(_("Wählen Sie eine Organisationseinheit oder einzelne Beschäftigte."))
        return cleaned_data

    def recipients(self):
        users = set(self.cleaned_data["users"])
        unit = self.cleaned_data["org_unit"]
        if unit is not None:
            users |= set(
                get_user_model().objects.filter(
                    is_active=True, staff_profile__org_unit_id__in=unit.subtree_ids()
                )
            )
        return sorted(users, key=lambda user: user.pk)


def assign(course, users, due_date, assigned_by):
    """Enrol every user (all or nothing); returns (newly assigned, already enrolled and given the due date).

    A fixed number of queries however large the unit: existing enrolments are read once, new ones are
    created in one statement. Assigned courses skip the prerequisite check, as completion.enrol does.
    """
    existing = {e.user_id: e for e in Enrolment.objects.filter(course=course, user__in=users)}
    new = [
        Enrolment(
            user=user,
            course=course,
            source=Enrolment.Source.ASSIGNED,
            assigned_by=assigned_by,
            due_date=due_date,
        )
        for user in users
        if user.pk not in existing
    ]
    open_ids = [e.pk for e in existing.values() if e.completed_at is None]
    with transaction.atomic():
        Enrolment.objects.bulk_create(new)
        Enrolment.objects.filter(pk__in=open_ids).update(
            due_date=due_date, source=Enrolment.Source.ASSIGNED, assigned_by=assigned_by
        )
    return len(new), len(open_ids)


def _require_permission(request):
    if not request.user.has_perm(ASSIGN_PERMISSION):
        raise PermissionDenied


def assign_view(request):
    _require_permission(request)
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created, updated = assign(
            form.cleaned_data["course"], form.recipients(), form.cleaned_data["due_date"], request.user
        )
        messages.success(
            request,
            _(
                "„%(course)s“: %(created)d Beschäftigte neu zugewiesen, %(updated)d mit neuem Fälligkeitsdatum."
            )
            % {"course": form.cleaned_data["course"].title, "created": created, "updated": updated},
        )
        return redirect("learning_assignments")
    return TemplateResponse(
        request, "learning/admin/assign.html", {"form": form}, status=400 if form.errors else 200
    )


def assignments_view(request):
    """Status of assigned and mandatory trainings: status, due date, completion date, validity."""
    _require_permission(request)
    enrolments = list(
        Enrolment.objects.filter(source__in=[Enrolment.Source.ASSIGNED, Enrolment.Source.REQUIREMENT])
        .select_related("user__staff_profile__org_unit", "course")
        .order_by("due_date", "course__title", "user__last_name")[:OVERVIEW_LIMIT]
    )
    valid_until = dict(
        Certificate.objects.filter(enrolment__in=enrolments)
        .order_by("enrolment_id", "completed_at")  # dict() keeps the last: the newest
        .values_list("enrolment_id", "valid_until")
    )
    today = timezone.localdate()
    rows = [
        {
            "enrolment": enrolment,
            "valid_until": valid_until.get(enrolment.pk),
            "overdue": enrolment.completed_at is None and enrolment.due_date and enrolment.due_date < today,
        }
        for enrolment in enrolments
    ]
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            viewer=request.user,
            subject_id=subject_id,
            action=AccessLogEntry.Action.VIEW_PROGRESS,
            reason="Übersicht zugewiesene Schulungen (Koordination)",
        )
        for subject_id in sorted({enrolment.user_id for enrolment in enrolments} - {request.user.pk})
    )
    return TemplateResponse(
        request, "learning/admin/assignments.html", {"rows": rows, "limit": OVERVIEW_LIMIT}
    )
