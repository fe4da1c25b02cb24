"""What the project adds at the Wagtail admin's door: the portal's privacy dialog and model guard, and the
refusals that Wagtail turns into a redirect, written to the access log.

Imported by learning.middleware (so in every process, through LearningConfig.ready) and learning.wagtail_hooks.
"""

import sys

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.admin import auth as wagtail_auth
from wagtail.admin.views.page_privacy import SetPrivacyView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, PageViewRestriction

from courses.models import PortalPage

from . import security_log

# The staff portal may become stricter (certain groups) but never public or open to a shared password.
PORTAL_RESTRICTIONS = (PageViewRestriction.LOGIN, PageViewRestriction.GROUPS)
PORTAL_MESSAGE = _(
    "Das Lernportal bleibt nur für angemeldete Mitarbeitende sichtbar. Sie können es auf bestimmte Gruppen "
    "beschränken, aber nicht öffentlich machen und nicht mit einem Passwort freigeben."
)


class PortalPrivacyView(SetPrivacyView):
    """Wagtail's privacy dialog, offering the portal only "login" and "groups"; anything else is refused."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        field = form.fields["restriction_type"]
        field.choices = [choice for choice in field.choices if choice[0] in PORTAL_RESTRICTIONS]
        field.error_messages["invalid_choice"] = PORTAL_MESSAGE
        return form


class PortalPageViewSet(PageViewSet):
    """Wagtail 8 routes each page type's admin views through its viewset: the portal gets its privacy view."""

    model = PortalPage
    set_privacy_view_class = PortalPrivacyView


def _is_portal(page_id):
    return PortalPage.objects.filter(pk=page_id).exists()


def _deleting_pages(origin):
    """Whether a deletion started at pages: the portal itself going takes its restriction with it."""
    if isinstance(origin, QuerySet):
        return issubclass(origin.model, Page)
    return isinstance(origin, Page)


# The model guard: outside the dialog (a script, the shell, another view) the portal keeps its restriction too.
@receiver(pre_delete, sender=PageViewRestriction, dispatch_uid="learning.admin_guard.keep_portal_restriction")
def _keep_portal_restriction(sender, instance, origin=None, **kwargs):
    if not _deleting_pages(origin) and _is_portal(instance.page_id):
        raise ValidationError(PORTAL_MESSAGE)


@receiver(pre_save, sender=PageViewRestriction, dispatch_uid="learning.admin_guard.portal_stays_private")
def _portal_stays_private(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if instance.restriction_type not in PORTAL_RESTRICTIONS and _is_portal(instance.page_id):
        raise ValidationError(PORTAL_MESSAGE)
    if instance.pk is not None:
        # Hanging the portal's restriction on another page would leave the portal public as well.
        before = PageViewRestriction.objects.filter(pk=instance.pk).values_list("page_id", flat=True).first()
        if before is not None and before != instance.page_id and _is_portal(before):
            raise ValidationError(PORTAL_MESSAGE)


_wagtail_permission_denied = wagtail_auth.permission_denied


def permission_denied(request):
    """Wagtail's permission_denied (message, redirect to the dashboard), with the refusal in the access log.

    Wagtail has no hook here: require_admin_access calls this function of wagtail.admin.auth inside its
    `except PermissionDenied` (so the exception is at hand), user_passes_test without one.
    """
    exception = sys.exc_info()[1]
    security_log.log_refused(
        request, exception if isinstance(exception, PermissionDenied) else PermissionDenied()
    )
    return _wagtail_permission_denied(request)


# Both callers look the name up in wagtail.admin.auth at call time, so replacing it there reaches them.
wagtail_auth.permission_denied = permission_denied
