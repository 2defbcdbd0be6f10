"""Translatable snippets of one site (testimonials, team members), one language at a time."""

from django.db.models import Model, QuerySet
from wagtail.models import Site

from .locales import SiteLocales


def site_snippets(model: type[Model], *, site: Site, language: str) -> QuerySet:
    """The site's snippets in one language; translations are separate rows, so
    without the language filter every language would come back mixed."""
    return model.objects.filter(site=site, locale__language_code=language)


def snippet_translations(snippets: list, *, site: Site, locales: SiteLocales) -> dict:
    """The other language versions of the snippets, by translation key, in one
    query: only the site's own rows (a key is not proof of ownership) and only
    in languages the site publishes."""
    if not snippets:
        return {}
    model = type(snippets[0])
    rows = (
        model.objects.filter(
            site=site,
            translation_key__in={snippet.translation_key for snippet in snippets},
            locale__language_code__in=locales.served,
        )
        .exclude(pk__in=[snippet.pk for snippet in snippets])
        .order_by("locale__language_code", "pk")
        .values_list("translation_key", "locale__language_code", "pk")
    )
    translations: dict = {}
    for key, language, pk in rows:
        translations.setdefault(key, []).append({"locale": language, "id": pk})
    return translations
