"""Wagtail registrations of the content app; the admin views themselves live in viewsets.py."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import blocks, hooks
from wagtail.admin.telepath import register as register_telepath_adapter
from wagtail.snippets.models import register_snippet

from .documents import serve_document
from .editor import NamedAddButtonListBlockAdapter, NamedAddButtonStreamBlockAdapter
from .viewsets import AccessibilityFeedbackViewSet, CompetenceViewSet

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


@hooks.register("insert_editor_js")
def add_button_names():
    return format_html('<script src="{}"></script>', static("js/add-buttons.js"))
