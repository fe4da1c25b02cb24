"""The course catalogue: a filter form, search (courses.search) and filters over courses, paginated results."""

import datetime

from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from . import search
from .models import Competence, CoursePage, ProgrammePage, Termin, for_audience_first, shown_to

PAGE_SIZE = 12

# Duration filter: key -> (label, lower bound exclusive, upper bound inclusive) in minutes.
DURATIONS = {
    "kurz": (_("bis 30 Minuten"), None, 30),
    "mittel": (_("31 bis 90 Minuten"), 30, 90),
    "lang": (_("mehr als 90 Minuten"), 90, None),
}

FORMATS = {"termin": _("mit Termin"), "selbst": _("im Selbststudium")}


def upcoming_dates(now=None):
    """Dates that have not ended and were not called off (what "mit Termin" and the month filter look at)."""
    return Termin.objects.filter(ends_at__gt=now or timezone.now(), cancelled=False)


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Suchbegriff"), required=False, max_length=100)
    programme = forms.ModelChoiceField(
        label=_("Programm"),
        queryset=ProgrammePage.objects.none(),
        required=False,
        empty_label=_("Alle Programme"),
        to_field_name="slug",
    )
    competence = forms.ModelChoiceField(
        label=_("Kompetenz"),
        queryset=Competence.objects.none(),
        required=False,
        empty_label=_("Alle Kompetenzen"),
        to_field_name="code",
    )
    tag = forms.ChoiceField(label=_("Schlagwort"), required=False)
    duration = forms.ChoiceField(
        label=_("Dauer"),
        required=False,
        choices=[("", _("Jede Dauer")), *((key, label) for key, (label, _lo, _hi) in DURATIONS.items())],
    )
    format = forms.ChoiceField(
        label=_("Lernform"), required=False, choices=[("", _("Alle Lernformen")), *FORMATS.items()]
    )
    month = forms.ChoiceField(label=_("Termine im Monat"), required=False)

    def __init__(self, *args, catalog, **kwargs):
        super().__init__(*args, **kwargs)
        courses = CoursePage.objects.live().descendant_of(catalog)
        self.fields["programme"].queryset = ProgrammePage.objects.live().order_by("title")
        self.fields["competence"].queryset = Competence.objects.filter(
            course_links__course__in=courses
        ).distinct()
        tags = (
            Tag.objects.filter(courses_coursetag_items__content_object__in=courses)
            .distinct()
            .order_by("name")
        )
        self.fields["tag"].choices = [("", _("Alle Schlagwörter")), *((t.slug, t.name) for t in tags)]
        self.fields["competence"].label_from_instance = lambda c: f"{c.code} {c.title_de}"
        months = (
            upcoming_dates()
            .filter(course__in=courses)
            .annotate(month=TruncMonth("starts_at"))
            .values_list("month", flat=True)
            .distinct()
            .order_by("month")
        )
        self.fields["month"].choices = [
            ("", _("Jeder Monat")),
            *((f"{m:%Y-%m}", formats.date_format(m, "F Y")) for m in months),
        ]


def filter_courses(catalog, data):
    """Apply the valid filters in `data`; return (form, queryset in result order)."""
    form = CatalogFilterForm(data, catalog=catalog)
    courses = CoursePage.objects.live().descendant_of(catalog)
    if not form.is_valid():
        return form, courses.none()
    values = form.cleaned_data
    if values["programme"]:
        courses = courses.filter(programme=values["programme"])
    if values["competence"]:
        courses = courses.filter(course_competences__competence=values["competence"])
    if values["tag"]:
        courses = courses.filter(tagged_items__tag__slug=values["tag"])
    if values["duration"]:
        _label, lower, upper = DURATIONS[values["duration"]]
        if lower is not None:
            courses = courses.filter(estimated_minutes__gt=lower)
        if upper is not None:
            courses = courses.filter(estimated_minutes__lte=upper)
    dates = upcoming_dates().filter(course=OuterRef("pk"))
    if values["format"] == "termin":
        courses = courses.filter(Exists(dates))
    elif values["format"] == "selbst":
        courses = courses.exclude(Exists(Termin.objects.filter(course=OuterRef("pk"))))
    if values["month"]:
        year, month = (int(part) for part in values["month"].split("-"))
        first = timezone.make_aware(datetime.datetime(year, month, 1))
        following = timezone.make_aware(datetime.datetime(year + month // 12, month % 12 + 1, 1))
        courses = courses.filter(Exists(dates.filter(starts_at__gte=first, starts_at__lt=following)))
    courses = courses.distinct()
    query = values["q"].strip()
    if not query:
        return form, courses.order_by("title")
    if not search.query_words(query):
        return form, courses.none()
    ranked_ids = search.ranked_course_ids(query, courses)
    order = Case(
        *(When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ranked_ids)), output_field=IntegerField()
    )
    return form, courses.filter(pk__in=ranked_ids).order_by(order)


def for_audience(courses, user):
    """The courses `user` may see (no placeholders of other audiences), the ones of their own programmes
    first and otherwise in the order given (alphabetical or by search rank)."""
    return courses.filter(shown_to(user)).order_by(for_audience_first(user), *courses.query.order_by)


def catalog_context(catalog, request):
    form, courses = filter_courses(catalog, request.GET)
    courses = for_audience(courses, request.user)
    courses = courses.select_related("programme").prefetch_related("tags", "course_competences__competence")
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    suggested, suggestion_query = None, ""
    if form.is_valid() and form.cleaned_data["q"] and not page.paginator.count:
        # "Meinten Sie …?" within the same filters; the link runs the corrected search.
        _form, filtered = filter_courses(catalog, {**request.GET.dict(), "q": ""})
        suggested = search.suggestion(form.cleaned_data["q"], filtered.filter(shown_to(request.user)))
        if suggested:
            corrected = query.copy()
            corrected["q"] = suggested
            suggestion_query = corrected.urlencode()
    return {
        "filter_form": form,
        "results": page,
        "suggestion": suggested,
        "suggestion_query": suggestion_query,
        "filter_query": query.urlencode(),
        "is_filtered": any(form.data.get(name) for name in form.fields),
    }
