"""Wagtail admin views of the content app: the competence framework and the accessibility feedback."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AccessibilityFeedback, Competence
from .spreadsheets import GermanExcelExportMixin


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
