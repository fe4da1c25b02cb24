"""Wagtail registrations of the Lotsen app; the admin views themselves live in viewsets.py."""

from wagtail import hooks

from .viewsets import HelpRequestPoolViewSet, LotsenReportViewSet, LotseViewSet


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [LotseViewSet("lotse_profiles"), HelpRequestPoolViewSet("lotsen_pool"), LotsenReportViewSet()]
