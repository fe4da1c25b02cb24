"""Translation helpers of the public pages: language versions for the switcher and the editors' sync status."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.models import Locale, Page
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
            .filter(translation_key=page.translation_key, alias_of__isnull=True)
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


def content_language(page):
    """The language a public page's own texts are in: German for an alias that wagtail-localize made in another
    language's tree (a parent page copied along with a translated child), else the page's locale."""
    if page.alias_of_id is not None:
        return page.alias_of.locale.language_code
    return page.locale.language_code


def fallback_context(page):
    """What a public page's template needs to frame German text on a page of another language: `fallback` (the
    note "not in your language yet") and `content_language` (lang of the page's own texts)."""
    language = content_language(page)
    return {"fallback": language != get_language(), "content_language": language}


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


CURRENT, OUTDATED, MISSING = "current", "outdated", "missing"
STATE_LABELS = {CURRENT: _("aktuell"), OUTDATED: _("veraltet"), MISSING: _("fehlt")}


def translation_statuses(page):
    """Per target language of a German page: its translation's state ("aktuell", "veraltet", "fehlt"), why, and
    where the editor goes next. A translation is missing until it is published; it is out of date when the German
    text changed since it was last synchronised, when synchronised texts still wait for their translation, or
    when its translated texts are saved but not published yet."""
    source = TranslationSource.objects.get_for_instance_or_none(page)
    source_changed = source is not None and translation_source_is_out_of_date(source)
    translations = (
        {t.target_locale.language_code: t for t in source.translations.select_related("target_locale")}
        if source is not None
        else {}
    )
    pages = {
        p.locale.language_code: p
        for p in Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True)
        .exclude(pk=page.pk)
        .select_related("locale")
    }
    submit_url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    statuses = []
    for code, name in settings.LANGUAGES:
        if code == page.locale.language_code:
            continue
        translated, translation = pages.get(code), translations.get(code)
        edit_url = reverse("wagtailadmin_pages:edit", args=[translated.pk]) if translated else None
        if translated is None or not translated.live:
            state = MISSING
            if translated is None:
                reason, action = _("Noch nicht übersetzt."), (submit_url, _("Diese Seite übersetzen"))
            else:
                reason, action = (
                    _("Entwurf, noch nicht veröffentlicht."),
                    (edit_url, _("Übersetzung bearbeiten")),
                )
        elif source_changed and translation is not None:
            state, reason = OUTDATED, _("Der deutsche Text wurde seitdem geändert.")
            action = (reverse("wagtail_localize:update_translations", args=[source.pk]), _("Synchronisieren"))
        elif translation is not None and len(set(translation.get_progress())) > 1:
            state, reason = OUTDATED, _("Neue Texte warten auf ihre Übersetzung.")
            action = (edit_url, _("Übersetzung bearbeiten"))
        elif translated.has_unpublished_changes:
            state, reason = OUTDATED, _("Übersetzte Änderungen sind noch nicht veröffentlicht.")
            action = (edit_url, _("Übersetzung bearbeiten"))
        else:
            state, reason, action = CURRENT, "", (edit_url, _("Übersetzung bearbeiten"))
        statuses.append(
            {
                "code": code,
                "name": name,
                "state": state,
                "label": STATE_LABELS[state],
                "reason": reason,
                "action_url": action[0],
                "action_label": action[1],
            }
        )
    return statuses


class TranslationStatusPanel(Panel):
    """Shows editors of a German page, per language, whether its translation is current, out of date or missing,
    and the next step; on a translated page, which German page it comes from."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "public/panels/translation_status.html"

        def is_shown(self):
            return bool(self.instance.pk) and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            if self.instance.locale.language_code == settings.LANGUAGE_CODE:
                context["statuses"] = translation_statuses(self.instance)
            else:
                german = self.instance.get_translation_or_none(Locale.get_default())
                context["german_edit_url"] = (
                    reverse("wagtailadmin_pages:edit", args=[german.pk]) if german else None
                )
            return context


# The editor tab every translatable public page has (courses.models.pages.tabs takes it as it is).
TRANSLATIONS_TAB = (_("Übersetzungen"), [TranslationStatusPanel()])
