"""Wagtail registrations of the content app; the admin views themselves live in viewsets.py."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import AccessibilityFeedbackViewSet, CompetenceViewSet

register_snippet(CompetenceViewSet)


@hooks.register("register_admin_viewset")
def register_feedback_viewset():
    return AccessibilityFeedbackViewSet()
