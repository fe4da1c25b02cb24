"""Admin registration of the content app: the competence framework as a snippet."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .feedback import register_feedback_viewset
from .models import Competence


class CompetenceViewSet(SnippetViewSet):
    model = Competence
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


register_snippet(CompetenceViewSet)
hooks.register("register_admin_viewset", register_feedback_viewset)
