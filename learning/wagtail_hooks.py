"""Wagtail registrations of the learner record; the admin views themselves live in viewsets.py."""

from wagtail import hooks

from .admin_guard import PortalPageViewSet
from .viewsets import (
    AccessLogViewSet,
    CertificateViewSet,
    OrganisationViewSetGroup,
    RequirementViewSetGroup,
    RetentionRunViewSet,
    TerminViewSet,
)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [
        OrganisationViewSetGroup(),
        RequirementViewSetGroup(),
        CertificateViewSet(),
        AccessLogViewSet(),
        RetentionRunViewSet(),
        PortalPageViewSet(),
        TerminViewSet(),
    ]
