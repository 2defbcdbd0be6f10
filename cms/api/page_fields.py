"""What the delivery API shows of each page type: the summary every page has,
and each type's own fields. Content models declare their data; this module
turns it into JSON, so the models never import the API."""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail.models import Page

from cms.content.models import (
    ContactPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ProjectIndexPage,
    ProjectPage,
    StandardPage,
)

from .forms import form_definition
from .representation import Representer


def page_type_name(page: Page) -> str:
    return page.specific_class._meta.label


def page_summary(page: Page, api: Representer) -> dict:
    path, url = api.urls.locate(page.url_path)
    return {
        "id": page.pk,
        "type": page_type_name(page),
        "title": page.title,
        "slug": page.slug,
        "path": path,
        "url": url,
        "locale": api.locale_code(page.locale_id),
        "intro": getattr(page, "listing_intro", ""),
        "thumbnail": api.image(getattr(page, "main_image_id", None), crop="card"),
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
    }


@dataclass(frozen=True)
class PageFields:
    """A page type's own fields, and the related rows they read, fetched once per page."""

    fields: Callable[[Page, Representer], dict]
    prefetch: tuple[str, ...] = ()


def home_page_fields(page: HomePage, api: Representer) -> dict:
    featured = [api.page(item.project_id) for item in page.featured_projects.all()]
    return {
        "hero_heading": page.hero_heading or page.title,
        "hero_image": api.image(page.hero_image_id, crop="hero"),
        "intro": page.intro,
        "featured_projects": [page_summary(project, api) for project in featured if project],
        "call_to_action": api.stream(page.call_to_action),
        "body": api.stream(page.body),
    }


def standard_page_fields(page: StandardPage, api: Representer) -> dict:
    return {
        "intro": page.intro,
        "hero_image": api.image(page.hero_image_id),
        "body": api.stream(page.body),
    }


def section_index_fields(page: ProjectIndexPage | NewsIndexPage, api: Representer) -> dict:
    return {"intro": page.intro}


def project_page_fields(page: ProjectPage, api: Representer) -> dict:
    return {
        "summary": page.summary,
        "completion_date": page.completion_date,
        "location": page.location,
        "categories": [item.tag.name for item in page.tagged_items.all()],
        "materials": [material.name for material in page.materials.all()],
        "hero_image": api.image(page.hero_image_id, crop="hero"),
        "gallery": [
            {"image": api.image(item.image_id), "caption": item.caption}
            for item in page.gallery_images.all()
        ],
        "body": api.stream(page.body),
    }


def news_page_fields(page: NewsPage, api: Representer) -> dict:
    return {
        "date": page.date,
        "author": page.author,
        "intro": page.intro,
        "hero_image": api.image(page.hero_image_id, crop="hero"),
        "tags": [item.tag.name for item in page.tagged_items.all()],
        "body": api.stream(page.body),
    }


def contact_page_fields(page: ContactPage, api: Representer) -> dict:
    return {
        "intro": page.intro,
        "thank_you_text": page.thank_you_text,
        "form": form_definition(page),
    }


# A new page type gets its entry here (tests/api/test_page_fields.py checks
# that every page type has one) and its schema in cms.api.schemas.
PAGE_FIELDS: dict[type[Page], PageFields] = {
    HomePage: PageFields(home_page_fields, prefetch=("featured_projects",)),
    StandardPage: PageFields(standard_page_fields),
    ProjectIndexPage: PageFields(section_index_fields),
    NewsIndexPage: PageFields(section_index_fields),
    ProjectPage: PageFields(
        project_page_fields, prefetch=("tagged_items__tag", "materials", "gallery_images")
    ),
    NewsPage: PageFields(news_page_fields, prefetch=("tagged_items__tag",)),
    ContactPage: PageFields(contact_page_fields, prefetch=("form_fields",)),
}
