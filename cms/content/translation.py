"""Translating content with wagtail-localize from code, as its translation editor does.

The demo loader and the tests use this; editors do the same in the admin
(Translate, fill in the strings, Publish). Everything goes through
wagtail-localize's own records (translation source, string translations),
so the admin's translation editor shows such a translation, and a later
"Sync translated pages" updates it like any other.
"""

from django.db import transaction
from wagtail.models import DraftStateMixin, Locale, TranslatableMixin
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.operations import translate_object
from wagtail_localize.strings import StringValue


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

    `texts` maps source strings to their translation, both as plain text
    (strings with inline links or formatting are for the translation editor);
    strings it does not name keep the source text, as wagtail-localize does
    for strings no translator has filled in yet. Returns the translated object.
    """
    locale = Locale.objects.get(language_code=language)
    translate_object(instance, [locale], user=user)
    source = TranslationSource.objects.get_for_instance(instance)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = texts.get(StringValue(segment.string.data).render_text())
        if text is not None:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": StringValue.from_plaintext(text).data,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "last_translated_by": user,
                },
            )
    translation = Translation.objects.get(source=source, target_locale=locale)
    _save_and_publish(translation, user=user, publish=publish)
    return instance.get_translation(locale)


@transaction.atomic
def translations_sync(*, instance: TranslatableMixin, user=None) -> None:
    """After the original changed: what wagtail-localize's "Sync translated pages"
    does. The source is read again and every enabled translation saved, so
    synchronised fields (dates, images, order) follow the original and new
    strings appear in the translation editor."""
    source, _ = TranslationSource.update_or_create_from_instance(instance)
    for translation in Translation.objects.filter(source=source, enabled=True):
        _save_and_publish(translation, user=user, publish=True)


def _save_and_publish(translation: Translation, *, user, publish: bool) -> None:
    """Saves the translated object; a page is published at once when asked to.

    wagtail-localize publishes a page once the transaction commits, from the
    page object as it was when saved: a page translated before its children
    in one transaction (the demo loader) would be published with no
    children recorded, and Wagtail would then list none.
    """
    target_model = translation.source.specific_content_type.model_class()
    if not issubclass(target_model, DraftStateMixin):
        translation.save_target(user=user, publish=True)
        return
    translation.save_target(user=user, publish=False)
    if publish:
        target = translation.get_target_instance()
        target.get_latest_revision().publish(user=user)
