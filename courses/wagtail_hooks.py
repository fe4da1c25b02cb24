"""Wagtail registrations of the content app; the admin views themselves live in viewsets.py."""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import blocks, hooks
from wagtail.admin import messages
from wagtail.admin.telepath import register as register_telepath_adapter
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.snippets.models import register_snippet

from .documents import serve_document
from .editor import NamedAddButtonListBlockAdapter, NamedAddButtonStreamBlockAdapter
from .models.pages import deletion_refusals
from .viewsets import AccessibilityFeedbackViewSet, CompetenceViewSet, VideoIndexView

register_snippet(CompetenceViewSet)

# In place of Wagtail's own adapters (form_attrs given to each ListBlock, or a subclass of it, would change
# the definition of every StreamField that has one, a migration each): every list names its "+" buttons.
register_telepath_adapter(NamedAddButtonListBlockAdapter(), blocks.ListBlock)
register_telepath_adapter(NamedAddButtonStreamBlockAdapter(), blocks.StreamBlock)

# Before Wagtail's own collection check (order 0): ours includes it and answers every request itself.
hooks.register("before_serve_document", serve_document, order=-100)


@hooks.register("register_admin_viewset")
def register_feedback_viewset():
    return AccessibilityFeedbackViewSet()


# Before wagtailmedia's own admin URLs (order 0), so that its list at media/ gives way to the video list with
# captions. "wagtailmedia:index" reverses to the same address: the menu, the search area and the collection
# counts lead here.
@hooks.register("register_admin_urls", order=-1)
def register_video_index():
    return [
        path("media/", VideoIndexView.as_view()),
        path("media/results/", VideoIndexView.as_view(results_only=True), name="video_index_results"),
    ]


@hooks.register("insert_editor_js")
def add_button_names():
    return format_html('<script src="{}"></script>', static("js/add-buttons.js"))


@hooks.register("before_delete_page")
def refuse_deleting_what_records_need(request, page):
    """A page whose course (or one below it) the learner record still needs is not offered for deletion: the
    confirmation and the POST both go back to the page with the reasons, instead of a database error."""
    reasons = deletion_refusals(page)
    if not reasons:
        return None
    lead = _("„%(title)s“ kann nicht gelöscht werden.") % {"title": page.title}
    messages.error(request, " ".join([lead, *reasons]))
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_what_records_need(request, action_type, objects, action_class_instance):
    """The explorer's bulk "Löschen" skips before_delete_page: the same reasons stop it before anything is
    deleted (not even the selected pages that could go), and the editor is back in the listing."""
    if action_type != "delete" or not isinstance(action_class_instance, PageBulkAction):
        return None
    reasons = deletion_refusals(*objects)
    if not reasons:
        return None
    if len(objects) == 1:
        lead = _("„%(title)s“ kann nicht gelöscht werden.") % {"title": objects[0].title}
    else:
        lead = _("Keine der ausgewählten Seiten wurde gelöscht.")
    messages.error(request, " ".join([lead, *reasons]))
    return redirect(action_class_instance.next_url)
