"""Response shapes for the OpenAPI document. The endpoints write JSON
directly (it is cached as bytes), so these describe rather than validate."""

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import ConfigDict


class Error(Schema):
    error: dict[str, Any]


class FocalPoint(Schema):
    """The centre of what must stay in frame, as fractions of width and height."""

    x: float
    y: float


class Image(Schema):
    id: int
    title: str
    alt: str
    caption: str
    credit: str
    width: int
    height: int
    focal_point: FocalPoint | None
    src: str
    srcset: dict[str, str]
    sizes: str
    placeholder: str | None


class PageSummary(Schema):
    id: int
    type: str
    title: str
    slug: str
    path: str
    url: str
    locale: str
    intro: str
    thumbnail: Image | None
    first_published_at: datetime | None
    last_published_at: datetime | None


class PageList(Schema):
    count: int
    limit: int
    offset: int
    items: list[PageSummary]


class Seo(Schema):
    title: str
    description: str
    image: Image | None


class Breadcrumb(Schema):
    id: int
    title: str
    path: str


class Translation(Schema):
    locale: str
    path: str
    url: str


class PageDetail(PageSummary):
    """Common fields; each page type adds its own (StreamFields as typed blocks)."""

    model_config = ConfigDict(extra="allow")
    seo: Seo
    breadcrumbs: list[Breadcrumb]
    translations: list[Translation]


class Alternate(Schema):
    """A language version of a page, for hreflang links."""

    locale: str
    path: str
    url: str


class NavigationItem(Schema):
    id: int
    title: str
    path: str
    url: str
    alternates: list[Alternate]
    children: list["NavigationItem"]


class Navigation(Schema):
    locale: str
    items: list[NavigationItem]


class OpeningHours(Schema):
    days: str
    hours: str


class SocialLink(Schema):
    platform: str
    url: str


class SiteSettings(Schema):
    site_name: str
    hostname: str
    root_url: str
    frontend_base_url: str
    home_page_id: int
    locale: str
    languages: list[str]
    business_name: str
    legal_name: str
    address: str
    phone: str
    email: str
    logo: Image | None
    opening_hours: list[OpeningHours]
    social_links: list[SocialLink]


class RedirectItem(Schema):
    old_path: str
    new_path: str
    permanent: bool


class RedirectList(Schema):
    items: list[RedirectItem]


class SitemapItem(Schema):
    id: int
    path: str
    url: str
    locale: str
    lastmod: datetime | None
    alternates: list[Alternate]


class Sitemap(Schema):
    items: list[SitemapItem]


class SnippetTranslation(Schema):
    """Another language version of a testimonial or team member."""

    locale: str
    id: int


class Testimonial(Schema):
    id: int
    quote: str
    author: str
    role: str
    translations: list[SnippetTranslation]


class TestimonialList(Schema):
    items: list[Testimonial]


class TeamMember(Schema):
    id: int
    name: str
    role: str
    photo: Image | None
    translations: list[SnippetTranslation]


class TeamList(Schema):
    items: list[TeamMember]


class FormField(Schema):
    name: str
    label: str
    type: str
    required: bool
    choices: list[str]
    default: str
    help_text: str


class FormDefinition(Schema):
    id: int
    title: str
    fields: list[FormField]
    honeypot_field: str


class SubmissionReceived(Schema):
    status: str
    message: str
