"""Page-tree helpers of the demo seed: find or create a child page, translate a page with wagtail-localize."""

from django.db import transaction
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource


class MissingTranslation(Exception):
    """The seed data lacks a translation for a text of a page it translates."""


def child_with_slug(parent, slug):
    child = parent.get_children().filter(slug=slug).first()
    return child.specific if child is not None else None


def ensure_child(parent, page_class, slug, **fields):
    """Return the child page with this slug, creating it (published) when it is missing.

    An existing page is left as it is, so seeding twice changes nothing an editor may have changed since.
    """
    existing = child_with_slug(parent, slug)
    if existing is not None:
        return existing
    return parent.add_child(instance=page_class(slug=slug, **fields))


@transaction.atomic
def translate(page, strings_by_language):
    """Translate a German page through wagtail-localize, as an editor would in its translation editor.

    The page's texts become a TranslationSource; each language gets a Translation with one StringTranslation
    per text, and save_target creates and publishes the translated page (after commit). Languages that
    already have the page (not just an alias) are left alone, so seeding twice changes nothing.
    """
    source, _created = TranslationSource.update_or_create_from_instance(page)
    segments = list(source.stringsegment_set.select_related("string", "context"))
    for language, strings in strings_by_language.items():
        locale = Locale.objects.get(language_code=language)
        if page.get_translations().filter(locale=locale, alias_of__isnull=True).exists():
            continue
        translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
        for segment in segments:
            if segment.string.data not in strings:
                raise MissingTranslation(
                    f"„{segment.string.data}“ ({segment.context.path}) fehlt auf {language} für „{page.title}“."
                )
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": strings[segment.string.data],
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
        translation.save_target(publish=True)
