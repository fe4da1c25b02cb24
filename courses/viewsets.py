"""Wagtail admin views of the content app: the media library's video list, the competence framework and the
accessibility feedback."""

import django_filters
from django import forms
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import BaseMediaFilterSet, NumberRangeWidget
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, DownloadColumn, TitleColumn, UsageCountColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import ReferenceIndex
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.search.backends import get_search_backend
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AccessibilityFeedback, CaptionTrack, Competence, Video
from .spreadsheets import GermanExcelExportMixin


class VideoFilterSet(BaseMediaFilterSet):
    """The filters of Wagtail's own media lists (collection, popular tags, usage) plus the captions."""

    # Both filter by id rather than across a relation or an annotation: search results can only be filtered
    # on Video's FilterFields.
    captions = django_filters.ChoiceFilter(
        label=_("Untertitel"),
        choices=[("none", _("ohne Untertitel")), ("any", _("mit Untertiteln"))],
        empty_label=_("Alle"),
        widget=forms.RadioSelect,
        method="filter_captions",
    )
    usage_count = django_filters.RangeFilter(
        label=_("Anzahl der Verwendungen"), widget=NumberRangeWidget(), method="filter_usage_count"
    )

    class Meta:
        model = Video
        fields = []

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Video)

    def filter_captions(self, queryset, name, value):
        captioned = CaptionTrack.objects.values("video_id")
        return queryset.exclude(pk__in=captioned) if value == "none" else queryset.filter(pk__in=captioned)

    def filter_usage_count(self, queryset, name, value):
        bounds = {"usage_count__gte": value.start, "usage_count__lte": value.stop}
        bounds = {lookup: bound for lookup, bound in bounds.items() if bound is not None}
        if not bounds:
            return queryset
        counted = Video.objects.annotate(usage_count=ReferenceIndex.usage_count_subquery(Video))
        return queryset.filter(pk__in=counted.filter(**bounds).values("pk"))


class CaptionsColumn(Column):
    cell_template_name = "courses/admin/video_captions_cell.html"

    def get_value(self, instance):
        return [track.get_language_display() for track in instance.caption_tracks.all()]


class ProcessingColumn(Column):
    cell_template_name = "courses/admin/video_processing_cell.html"


class VideoIndexView(generic.IndexView):
    """The media library: videos with their caption languages, processing state and usage.

    Takes the place of wagtailmedia's list (see wagtail_hooks), with its ordering, collection and tag filters,
    search and page size, and adds the filter for videos without captions. Videos only: audio is refused.
    """

    model = Video
    any_permission_required = ["add", "change", "delete"]
    filterset_class = VideoFilterSet
    page_title = _("Medien")
    header_icon = "media"
    add_item_label = _("Video hinzufügen")
    # wagtailmedia's name for the list; it reverses to this view's address.
    index_url_name = "wagtailmedia:index"
    index_results_url_name = "video_index_results"
    edit_url_name = "wagtailmedia:edit"
    results_template_name = "courses/admin/video_index_results.html"
    default_ordering = "-created_at"
    paginate_by = 20
    show_other_searches = True

    def get_base_queryset(self):
        videos = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change", "delete"]
        ).select_related("collection")
        if self.needs_usage_count_subquery:
            videos = videos.annotate(usage_count=ReferenceIndex.usage_count_subquery(Video))
        return videos

    @cached_property
    def needs_usage_count_subquery(self):
        # Only ordering by usage needs the count of every video; the list shows those of one page.
        return self.ordering in ("usage_count", "-usage_count")

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "is_searching": self.is_searching}

    def search_queryset(self, queryset):
        # Full-text search as in wagtailmedia's list: it finds words of the transcript too, which Wagtail's
        # default (autocomplete on the title) would not.
        if not self.is_searching:
            return queryset
        return get_search_backend(self.search_backend_name).search(
            self.search_query, queryset, order_by_relevance=not self.is_explicitly_ordered
        )

    def paginate_queryset(self, queryset, page_size):
        paginator, page, videos, is_paginated = super().paginate_queryset(queryset, page_size)
        # Only the videos on this page: two queries however many there are.
        videos = list(videos)
        prefetch_related_objects(videos, "caption_tracks")
        if not self.needs_usage_count_subquery:
            counts = ReferenceIndex.get_count_references_to_in_bulk(videos)
            for video in videos:
                video.usage_count = counts.get(video, 0)
        return paginator, page, videos, is_paginated

    def get_add_url(self):
        if self.user_has_permission("add"):
            return reverse("wagtailmedia:add", args=["video"])

    @cached_property
    def columns(self):
        columns = [
            TitleColumn("title", label=_("Titel"), sort_key="title", get_url=self.get_edit_url),
            DownloadColumn("filename", label=_("Datei")),
            CaptionsColumn("captions", label=_("Untertitel")),
            ProcessingColumn("processing_state", label=_("Verarbeitung")),
            DateColumn("created_at", label=_("Hochgeladen"), sort_key="created_at"),
            UsageCountColumn(
                "usage_count",
                label=_("Verwendung"),
                # The search backend cannot order by a count of references.
                sort_key=None if self.is_searching else "usage_count",
            ),
        ]
        if self.filters and "collection_id" in self.filters.filters:
            columns.insert(4, Column("collection", label=_("Sammlung"), accessor="collection.name"))
        return columns


class CompetenceIndexView(GermanExcelExportMixin, SnippetIndexView):
    pass


class CompetenceViewSet(SnippetViewSet):
    model = Competence
    index_view_class = CompetenceIndexView
    icon = "crosshairs"
    menu_label = _("Kompetenzen")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["code", "title_de", "title_en", "framework"]
    list_filter = ["framework", "area_code"]
    list_export = ["framework", "code", "area_code", "title_de", "title_en"]
    export_filename = "kompetenzen"
    search_fields = ["code", "title_de", "title_en"]
    ordering = ["framework", "code"]


class FeedbackPermissionPolicy(ModelPermissionPolicy):
    """Feedback only ever comes from visitors: nobody creates it in the admin, not even a superuser."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [action for action in actions if action != "add"])


# Registered on import: wagtail_hooks imports this module before any view asks for the policy.
register_permission_policy(AccessibilityFeedback, FeedbackPermissionPolicy(AccessibilityFeedback))


class AccessibilityFeedbackIndexView(GermanExcelExportMixin, generic.IndexView):
    # The messages come from anonymous visitors: "=HYPERLINK(...)" must reach Excel as text.
    pass


class AccessibilityFeedbackViewSet(ModelViewSet):
    """Editors read the feedback, mark it as handled, export it and delete what is spam or done."""

    model = AccessibilityFeedback
    index_view_class = AccessibilityFeedbackIndexView
    # Fixed: the editors' notification mail links to "accessibilityfeedback:edit".
    name = "accessibilityfeedback"
    icon = "mail"
    menu_label = _("Rückmeldungen Barrierefreiheit")
    menu_order = 310
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["__str__", "created_at", "page_url", "handled"]
    list_filter = ["handled", "created_at"]
    list_export = ["created_at", "message", "name", "email", "page_url", "handled", "notified_at"]
    export_filename = "rueckmeldungen-barrierefreiheit"
    search_fields = ["message", "name", "email", "page_url"]
    ordering = ["-created_at"]
    panels = [
        FieldPanel("message", read_only=True),
        FieldPanel("name", read_only=True),
        FieldPanel("email", read_only=True),
        FieldPanel("page_url", read_only=True),
        FieldPanel("handled"),
    ]
