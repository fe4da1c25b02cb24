"""Translation helpers of the public pages: language versions for the switcher and the editors' sync status."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.admin.panels import Panel
from wagtail.models import Page
from wagtail_localize.models import TranslationSource
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.types import StringSegmentValue


def language_versions(page, request):
    """The switcher's links, in the order of settings.LANGUAGES and each named in itself: for every language with a
    live home page, the live version of `page` in it, or that language's home page where the page has none
    (GOV.UK's rule: a visitor who picks a language always lands on something in it). Without a page (the
    sign-in page, a view) every link is a home page. Two queries."""
    names = dict(settings.LANGUAGES)
    homes = {
        home.locale.language_code: home
        for home in Page.objects.live().filter(depth=2).select_related("locale").order_by("path")
    }
    versions = {}
    if page is not None and page.pk:
        versions = {
            version.locale.language_code: version
            for version in Page.objects.live()
            .filter(translation_key=page.translation_key)
            .select_related("locale")
        }
    current = page.locale.language_code if page is not None and page.pk else get_language()
    links = []
    for code, name in settings.LANGUAGES:
        target = versions.get(code) or homes.get(code)
        if target is None or code not in names:
            continue
        links.append(
            {
                "code": code,
                "name": name,
                "url": target.get_url(request),
                "current": code == current,
                "is_translation": code in versions,
            }
        )
    return links


def translation_source_is_out_of_date(source):
    """True when the source page's texts changed after they were last sent to its translations.

    wagtail-localize freezes the source texts when a page is submitted or synced ("Sync translated pages");
    comparing them with the live page tells editors whether a sync is due.
    """
    current = {
        (segment.path, segment.string.data)
        for segment in extract_segments(source.get_source_instance())
        if isinstance(segment, StringSegmentValue)
    }
    frozen = set(source.stringsegment_set.values_list("context__path", "string__data"))
    return current != frozen


class TranslationStatusPanel(Panel):
    """Shows editors of a German page which translations wait for a sync after their last change."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "public/panels/translation_status.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.source = None
            if self.instance.pk:
                self.source = TranslationSource.objects.get_for_instance_or_none(self.instance)

        def is_shown(self):
            return self.source is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            names = dict(settings.LANGUAGES)
            context["out_of_date"] = translation_source_is_out_of_date(self.source)
            context["languages"] = [
                names.get(translation.target_locale.language_code, translation.target_locale.language_code)
                for translation in self.source.translations.filter(enabled=True).select_related(
                    "target_locale"
                )
            ]
            context["sync_url"] = reverse("wagtail_localize:update_translations", args=[self.source.pk])
            return context
