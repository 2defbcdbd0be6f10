"""What the delivery API shows of each page type: the summary every page has,
and each type's own fields with their schema. Content models declare their
data; this module turns it into JSON, so the models never import the API.
The document's page types (PageSummary, PageDetail) are built from PAGE_FIELDS
at the end."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal, Union

from ninja import Schema
from pydantic import Field, create_model
from typing_extensions import TypeAliasType
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

from . import schemas
from .contract import stream_type
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
    """A page type's own fields, their schema, and the related rows they read,
    fetched once per page."""

    fields: Callable[[Page, Representer], dict]
    schema: type[Schema]
    prefetch: tuple[str, ...] = ()


class HomePageFields(Schema):
    hero_heading: str
    hero_image: schemas.Image | None
    intro: str
    featured_projects: list["PageSummary"]
    call_to_action: stream_type(HomePage, "call_to_action")
    body: stream_type(HomePage, "body")


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


class StandardPageFields(Schema):
    intro: str
    hero_image: schemas.Image | None
    body: stream_type(StandardPage, "body")


def standard_page_fields(page: StandardPage, api: Representer) -> dict:
    return {
        "intro": page.intro,
        "hero_image": api.image(page.hero_image_id),
        "body": api.stream(page.body),
    }


class SectionIndexFields(Schema):
    intro: str


def section_index_fields(page: ProjectIndexPage | NewsIndexPage, api: Representer) -> dict:
    return {"intro": page.intro}


class GalleryImage(Schema):
    image: schemas.Image | None
    caption: str


class ProjectPageFields(Schema):
    summary: str
    completion_date: date | None
    location: str
    categories: list[str]
    materials: list[str]
    hero_image: schemas.Image | None
    gallery: list[GalleryImage]
    body: stream_type(ProjectPage, "body")


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


class NewsPageFields(Schema):
    date: date
    author: str
    intro: str
    hero_image: schemas.Image | None
    tags: list[str]
    body: stream_type(NewsPage, "body")


def news_page_fields(page: NewsPage, api: Representer) -> dict:
    return {
        "date": page.date,
        "author": page.author,
        "intro": page.intro,
        "hero_image": api.image(page.hero_image_id, crop="hero"),
        "tags": [item.tag.name for item in page.tagged_items.all()],
        "body": api.stream(page.body),
    }


class ContactPageFields(Schema):
    intro: str
    thank_you_text: str
    form: schemas.FormDefinitionFields


def contact_page_fields(page: ContactPage, api: Representer) -> dict:
    return {
        "intro": page.intro,
        "thank_you_text": page.thank_you_text,
        "form": form_definition(page),
    }


# A new page type gets its entry here (tests/api/test_page_fields.py checks
# that every page type has one); the document describes it from its schema.
PAGE_FIELDS: dict[type[Page], PageFields] = {
    HomePage: PageFields(home_page_fields, HomePageFields, prefetch=("featured_projects",)),
    StandardPage: PageFields(standard_page_fields, StandardPageFields),
    ProjectIndexPage: PageFields(section_index_fields, SectionIndexFields),
    NewsIndexPage: PageFields(section_index_fields, SectionIndexFields),
    ProjectPage: PageFields(
        project_page_fields,
        ProjectPageFields,
        prefetch=("tagged_items__tag", "materials", "gallery_images"),
    ),
    NewsPage: PageFields(news_page_fields, NewsPageFields, prefetch=("tagged_items__tag",)),
    ContactPage: PageFields(contact_page_fields, ContactPageFields, prefetch=("form_fields",)),
}

PAGE_TYPES = tuple(model._meta.label for model in PAGE_FIELDS)
PageType = Literal[PAGE_TYPES]  # type: ignore[valid-type]


class PageSummary(Schema):
    id: int
    type: PageType
    title: str
    slug: str
    path: str
    url: str
    locale: str
    intro: str
    thumbnail: schemas.Image | None
    first_published_at: datetime | None
    last_published_at: datetime | None


class PageList(Schema):
    count: int
    limit: int
    offset: int
    items: list[PageSummary]


class PageDetailCommon(PageSummary):
    seo: schemas.Seo
    breadcrumbs: list[schemas.Breadcrumb]
    translations: list[schemas.Translation]


def _page_detail(model: type[Page], own: PageFields) -> type[Schema]:
    """A page type's whole detail: the common fields and its own, typed by its label."""
    return create_model(
        f"{model.__name__}Detail",
        __base__=(own.schema, PageDetailCommon),
        __doc__=f"A {model._meta.verbose_name}.",
        type=(Literal[model._meta.label], ...),
    )


HomePageFields.model_rebuild()
PageDetail = TypeAliasType(
    "PageDetail",
    Annotated[
        Union[tuple(_page_detail(model, own) for model, own in PAGE_FIELDS.items())],  # noqa: UP007
        Field(discriminator="type"),
    ],
)
