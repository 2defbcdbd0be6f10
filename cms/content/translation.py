"""Translating content with wagtail-localize from code, as its translation editor does.

The demo loader and the tests use this; editors do the same in the admin
(Translate, fill in the strings, Publish). Everything goes through
wagtail-localize's own records (translation source, string translations),
so the admin's translation editor shows such a translation, and a later
"Sync translated pages" updates it like any other.
"""

from django.db import transaction
from wagtail.models import Locale, TranslatableMixin
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.operations import translate_object


@transaction.atomic
def object_translate(
    *,
    instance: TranslatableMixin,
    language: str,
    texts: dict[str, str],
    user=None,
    publish: bool = True,
) -> TranslatableMixin:
    """Creates or updates the translation of a page or snippet into `language`.

    `texts` maps source strings to their translation; strings it does not
    name keep the source text, as wagtail-localize does for strings no
    translator has filled in yet. Returns the translated object.
    """
    locale = Locale.objects.get(language_code=language)
    translate_object(instance, [locale], user=user)
    source = TranslationSource.objects.get_for_instance(instance)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = texts.get(segment.string.data)
        if text is not None:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "last_translated_by": user,
                },
            )
    Translation.objects.get(source=source, target_locale=locale).save_target(
        user=user, publish=publish
    )
    return instance.get_translation(locale)


@transaction.atomic
def translations_sync(*, instance: TranslatableMixin, user=None) -> None:
    """After the original changed: what wagtail-localize's "Sync translated pages"
    does. The source is read again and every enabled translation saved, so
    synchronised fields (dates, images, order) follow the original and new
    strings appear in the translation editor."""
    source, _ = TranslationSource.update_or_create_from_instance(instance)
    for translation in Translation.objects.filter(source=source, enabled=True):
        translation.save_target(user=user, publish=True)
