"""Response shapes for the OpenAPI document. The endpoints write JSON
directly (it is cached as bytes), so these describe rather than validate;
tests/api/test_contract.py checks that every answer matches them. Page and
block types are generated from their definitions (cms.api.contract,
cms.api.page_fields)."""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES

from sites.models import SOCIAL_PLATFORMS


class Problem(Schema):
    parameter: str
    message: str


class AvailableTranslation(Schema):
    locale: str
    path: str


class ErrorDetail(Schema):
    # One of cms.api.errors.ERROR_CODES, which apps above the API extend:
    # cms.api.api lists them in the document when it is generated.
    code: str

    message: str
    parameter: str | None = Field(None, description="The parameter at fault, when one is.")
    problems: list[Problem] | None = Field(None, description="Each invalid parameter.")
    available: list[AvailableTranslation] | None = Field(
        None, description="With `translation_not_found`: the languages the page is in."
    )
    fields: dict[str, list[str]] | None = Field(
        None, description="With `invalid_submission`: the messages of each form field."
    )


class Error(Schema):
    error: ErrorDetail


class FocalPoint(Schema):
    """The centre of what must stay in frame, as fractions of width and height."""

    x: float
    y: float


class Srcset(Schema):
    """A srcset string per format: AVIF and WebP, and JPEG or, for images with
    transparency, PNG for browsers that take neither."""

    avif: str
    webp: str
    jpeg: str | None = None
    png: str | None = None


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
    srcset: Srcset
    sizes: str
    placeholder: str | None


class PageLink(Schema):
    """A page a block or rich text links to, in the language of the linking page."""

    id: int
    type: str
    title: str
    path: str | None = Field(description="The path on this site; null for another site's page.")
    url: str
    href: str = Field(description="What to link to: the path on this site, else the URL.")


class DocumentLink(Schema):
    id: int
    title: str
    url: str


class Embed(Schema):
    """A video or other embed; `html` is null until it has been fetched once."""

    url: str
    html: str | None
    title: str | None = None
    type: str | None = None
    provider_name: str | None = None
    thumbnail_url: str | None = None
    width: int | None = None
    height: int | None = None


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
    platform: Literal[tuple(value for value, _label in SOCIAL_PLATFORMS)]  # type: ignore[valid-type]
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
    type: Literal[tuple(value for value, _label in FORM_FIELD_CHOICES)]  # type: ignore[valid-type]
    required: bool
    choices: list[str]
    default: str
    help_text: str


class FormDefinitionFields(Schema):
    fields: list[FormField]
    honeypot_field: str = Field(
        description="Send it empty: a submission with this field filled in is dropped as spam."
    )


class FormDefinition(FormDefinitionFields):
    id: int
    title: str


class SubmissionReceived(Schema):
    status: Literal["received"]
    message: str
