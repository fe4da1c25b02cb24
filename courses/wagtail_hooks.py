"""Wagtail registrations of the content app; the admin views themselves live in viewsets.py."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .documents import serve_document
from .viewsets import AccessibilityFeedbackViewSet, CompetenceViewSet

register_snippet(CompetenceViewSet)

# Before Wagtail's own collection check (order 0): ours includes it and answers every request itself.
hooks.register("before_serve_document", serve_document, order=-100)


@hooks.register("register_admin_viewset")
def register_feedback_viewset():
    return AccessibilityFeedbackViewSet()
