import uuid

from django.db import migrations
from wagtail.coreutils import get_content_languages


def create_content_locales(apps, schema_editor):
    """A Locale row for every content language, so that the translation
    editor offers them and Locale.get_default() exists on a database that
    was created with another LANGUAGE_CODE."""
    locale_model = apps.get_model("wagtailcore", "Locale")
    for code in get_content_languages():
        locale_model.objects.get_or_create(language_code=code)


def give_snippets_a_locale(apps, schema_editor):
    """Existing testimonials and team members are in their site's language."""
    for name in ("Testimonial", "TeamMember"):
        model = apps.get_model("content", name)
        for snippet in model.objects.filter(locale=None).select_related("site__root_page"):
            snippet.locale_id = snippet.site.root_page.locale_id
            snippet.translation_key = uuid.uuid4()
            snippet.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_translatable_snippets_and_block_alt_text"),
    ]

    operations = [
        migrations.RunPython(create_content_locales, migrations.RunPython.noop),
        migrations.RunPython(give_snippets_a_locale, migrations.RunPython.noop),
    ]
