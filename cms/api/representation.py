"""Turns pages, blocks and rich text into JSON in a bounded number of queries.

A response is built twice by the same code. The first pass only collects
which images, pages, documents and embeds the content refers to; those are
then fetched in one query per kind; the second pass writes the JSON from
those lookups. So a page with 60 blocks costs the same queries as one
with 3.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.utils.html import escape
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.models import Embed
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Locale, Page, Site
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter

from sites.frontend import FrontendUrls

from . import sql
from .contract import TEXT_BLOCKS
from .images import image_data, images_with_renditions
from .locales import site_frontend_urls
from .visibility import is_public_row

T = TypeVar("T")


class LinkedPage(NamedTuple):
    """What a link needs of the page it leads to, and what decides where it leads
    (see Representer._followed). Named by the Page fields they are read from,
    values as the database hands them over."""

    id: int
    title: str
    url_path: str
    content_type: int
    translation_key: object
    locale: int
    live: bool
    path: str


@dataclass(frozen=True)
class SiteUrls:
    """Where pages live as seen from the requested site: paths on it, absolute URLs
    elsewhere. The rule itself is sites.frontend's."""

    site: Site
    frontend: FrontendUrls

    @classmethod
    def for_site(cls, site: Site) -> "SiteUrls":
        return cls(site=site, frontend=site_frontend_urls(site))

    def locate(self, url_path: str) -> tuple[str, str] | None:
        """(path, absolute url) of a page, or None when it belongs to no site."""
        location = self.frontend.locate(url_path)
        return (location.path, location.url) if location else None

    def is_on_site(self, url_path: str) -> bool:
        location = self.frontend.locate(url_path)
        return location is not None and location.site_id == self.site.pk


class Representer:
    def __init__(self, *, urls: SiteUrls, base_url: str, locale_id: int | None = None):
        self.urls = urls
        self.base_url = base_url.rstrip("/")
        # The language of the page being written: links follow it (see _in_language).
        self.locale_id = locale_id
        self.collecting = True
        self.wanted = {
            "image": set(),
            "page": set(),
            "specific_page": set(),
            "document": set(),
            "embed": set(),
        }
        self.found: dict[str, dict] = {kind: {} for kind in self.wanted}
        self._image_json: dict[tuple, dict] = {}
        self._image_crops: set[str | None] = set()

    @cached_property
    def _locale_codes(self) -> dict[int, str]:
        return self.urls.frontend.locale_codes()

    def locale_code(self, locale_id: int) -> str:
        """A page's language. Every page a site shows lies in the tree of one of its
        home pages, whose languages are known already; any other is read then."""
        if locale_id not in self._locale_codes:
            self._locale_codes.update(Locale.objects.values_list("pk", "language_code"))
        return self._locale_codes[locale_id]

    # References: the first pass records them, the second returns their JSON.

    def _ref(self, kind: str, key):
        if key in (None, ""):
            return None
        if self.collecting:
            self.wanted[kind].add(key)
            return None
        return self.found[kind].get(key)

    def image(self, image_id: int | None, *, crop: str | None = None) -> dict | None:
        image_id = _as_int(image_id)
        image = self._ref("image", image_id)
        if self.collecting and image_id is not None:
            # Only crops some image is shown in: each one's renditions are read.
            self._image_crops.add(crop)
        if image is None:
            return None
        # A photo often appears several times on a page; its JSON is the same each time.
        key = (image.pk, crop)
        if key not in self._image_json:
            self._image_json[key] = image_data(image, base_url=self.base_url, crop=crop)
        return self._image_json[key]

    def page_link(self, page_id: int | None) -> dict | None:
        return self._ref("page", _as_int(page_id))

    def page(self, page_id: int | None) -> Page | None:
        """The live, public page itself as its specific type, for summaries of featured pages."""
        return self._ref("specific_page", _as_int(page_id))

    def document(self, document_id: int | None) -> dict | None:
        return self._ref("document", _as_int(document_id))

    def embed(self, url: str | None) -> dict | None:
        found = self._ref("embed", url)
        return found or ({"url": url, "html": None} if url and not self.collecting else None)

    def load(self) -> None:
        """Fetches everything the first pass asked for, one query per kind."""
        wanted = self.wanted
        if wanted["image"]:
            self.found["image"] = images_with_renditions(
                ids=wanted["image"], crops=self._image_crops
            )
        followed = self._followed(wanted["page"] | wanted["specific_page"])
        if wanted["page"]:
            links = {pk: self._link_data(page) for pk, page in followed.items()}
            self.found["page"] = {pk: links.get(pk) for pk in wanted["page"]}
        if wanted["specific_page"]:
            targets = {followed[pk].id for pk in wanted["specific_page"] if pk in followed}
            found = {
                page.pk: page
                for page in Page.objects.filter(pk__in=targets).specific()
                if self.urls.locate(page.url_path)
            }
            self.found["specific_page"] = {
                pk: found.get(followed[pk].id) if pk in followed else None
                for pk in wanted["specific_page"]
            }
        if wanted["document"]:
            documents = get_document_model().objects.filter(pk__in=wanted["document"])
            self.found["document"] = {
                document.pk: {
                    "id": document.pk,
                    "title": document.title,
                    "url": self.base_url + document.url,
                }
                for document in documents
            }
        if wanted["embed"]:
            embeds = Embed.objects.filter(url__in=wanted["embed"]).order_by("max_width")
            self.found["embed"] = {embed.url: _embed_data(embed) for embed in embeds}
        self.collecting = False

    def _followed(self, page_ids: set[int]) -> dict[int, "LinkedPage"]:
        """Where each link leads a visitor, in one query: the linked page's published
        translation in the language of the page being written, or the page itself;
        left out when that is not live and public. wagtail-localize keeps a
        translation's page links (choosers, rich text, featured projects) pointing
        at the original, so without this an English page would link to German ones."""
        if not page_ids:
            return {}
        ids = list(page_ids)
        query, column = sql.select(Page, LinkedPage._fields)
        query += f" WHERE {column['id']} IN ({sql.placeholders(ids)})"
        params: list = [*ids]
        if self.locale_id is not None:
            query += (
                f" OR ({column['locale']} = %s AND {column['live']} = %s"  # noqa: S608 - names from the models
                f" AND {column['translation_key']} IN"
                f" (SELECT {column['translation_key']} FROM {sql.name(Page)}"
                f" WHERE {column['id']} IN ({sql.placeholders(ids)})))"
            )
            params += [self.locale_id, True, *ids]
        # In tree order, as the ORM reads pages: of two candidates, the same one wins.
        query += f" ORDER BY {column['path']}"
        linked, in_language = {}, {}
        for page in map(LinkedPage._make, sql.rows(query, params)):
            if page.id in page_ids:
                linked[page.id] = page
            if page.locale == self.locale_id and page.live:
                in_language[page.translation_key] = page
        followed = {pk: in_language.get(page.translation_key, page) for pk, page in linked.items()}
        restricted = self.urls.frontend.restricted_paths
        return {
            pk: page
            for pk, page in followed.items()
            if is_public_row(live=page.live, path=page.path, restricted_paths=restricted)
        }

    def _link_data(self, page: "LinkedPage") -> dict | None:
        located = self.urls.locate(page.url_path)
        if located is None:
            return None
        path, url = located
        on_site = self.urls.is_on_site(page.url_path)
        return {
            "id": page.id,
            "type": ContentType.objects.get_for_id(page.content_type).model_class()._meta.label,
            "title": page.title,
            "path": path if on_site else None,
            "url": url,
            # What a link points to: the frontend path on this site, an absolute
            # URL for a page of another site.
            "href": path if on_site else url,
        }

    # Content

    def rich_text(self, html: str | None) -> str:
        html = html or ""
        links, embeds = LinkRewriter().extract_tags(html), EmbedRewriter().extract_tags(html)
        if self.collecting:
            for matches, kind, attr in (
                (links.get("page", []), "page", "id"),
                (links.get("document", []), "document", "id"),
                (embeds.get("media", []), "embed", "url"),
            ):
                for match in matches:
                    self._ref(
                        kind,
                        _as_int(match.attrs.get(attr)) if attr == "id" else match.attrs.get(attr),
                    )
            for match in embeds.get("image", []):
                self.image(match.attrs.get("id"))  # with its crop, unlike _ref
            return ""
        rewrite_links = LinkRewriter(
            rules={"page": self._page_anchor, "document": self._document_anchor}
        )
        rewrite_embeds = EmbedRewriter(rules={"image": self._image_tag, "media": self._embed_html})
        return rewrite_embeds(rewrite_links(html))

    def _page_anchor(self, attrs: dict) -> str:
        link = self.page_link(attrs.get("id"))
        return f'<a href="{escape(link["href"])}">' if link else "<a>"

    def _document_anchor(self, attrs: dict) -> str:
        document = self.document(attrs.get("id"))
        return f'<a href="{escape(document["url"])}">' if document else "<a>"

    def _image_tag(self, attrs: dict) -> str:
        image = self.image(attrs.get("id"))
        if not image:
            return ""
        alt = attrs.get("alt") or image["alt"]
        srcset = image["srcset"]["webp"] or image["srcset"]["jpeg"]
        return (
            f'<img src="{escape(image["src"])}" srcset="{escape(srcset)}" '
            f'sizes="{image["sizes"]}" width="{image["width"]}" height="{image["height"]}" '
            f'alt="{escape(alt)}" loading="lazy">'
        )

    def _embed_html(self, attrs: dict) -> str:
        embed = self.embed(attrs.get("url"))
        return embed["html"] or f'<a href="{escape(embed["url"])}">{escape(embed["url"])}</a>'

    def stream(self, value) -> list[dict]:
        """A StreamField as typed blocks: [{"type", "id", "value"}, …]."""
        try:
            return self._stream_value(value.stream_block, value.raw_data)
        finally:
            # Wagtail caches the raw view on the value and the view points back:
            # a cycle that keeps every page of a long export alive until the
            # next full garbage collection. Dropping it frees each page at once.
            value.__dict__.pop("raw_data", None)

    def _stream_value(self, block: blocks.StreamBlock, raw) -> list[dict]:
        items = []
        for item in raw or []:
            child = block.child_blocks.get(item.get("type"))
            if child is not None:  # a block type since removed from the code
                items.append(
                    {
                        "type": item["type"],
                        "id": item.get("id"),
                        "value": self.block_value(child, item.get("value")),
                    }
                )
        return items

    def block_value(self, block: blocks.Block, raw: Any) -> Any:
        if isinstance(block, blocks.StreamBlock):
            return self._stream_value(block, raw)
        if isinstance(block, blocks.StructBlock):
            raw = raw if isinstance(raw, dict) else {}
            value = {
                name: self.block_value(child, raw.get(name))
                for name, child in block.child_blocks.items()
            }
            extend = getattr(block, "api_extend", None)
            return extend(value) if extend and not self.collecting else value
        if isinstance(block, blocks.ListBlock):
            return [self.block_value(block.child_block, _list_item(item)) for item in raw or []]
        if isinstance(block, ImageChooserBlock):
            return self.image(raw)
        if isinstance(block, blocks.PageChooserBlock):
            return self.page_link(raw)
        if isinstance(block, DocumentChooserBlock):
            return self.document(raw)
        if isinstance(block, blocks.RichTextBlock):
            return self.rich_text(raw)
        if isinstance(block, EmbedBlock):
            return self.embed(raw)
        if isinstance(block, TEXT_BLOCKS):
            # Text stored before its block had a default is missing: it reads as empty.
            return raw if raw is not None else ""
        return raw


def represent(
    build: Callable[[Representer], T],
    *,
    urls: SiteUrls,
    base_url: str,
    locale_id: int | None = None,
) -> T:
    """Runs `build` once to collect references and once, after loading them, for real."""
    representer = Representer(urls=urls, base_url=base_url, locale_id=locale_id)
    build(representer)
    representer.load()
    return build(representer)


def _list_item(item):
    # ListBlock stores items as {"type": "item", "value": …, "id": …} since
    # Wagtail 2.16, and as bare values before.
    if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
        return item["value"]
    return item


def _as_int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def _embed_data(embed: Embed) -> dict:
    return {
        "url": embed.url,
        "html": embed.html,
        "title": embed.title,
        "type": embed.type,
        "provider_name": embed.provider_name,
        "thumbnail_url": embed.thumbnail_url,
        "width": embed.width,
        "height": embed.height,
    }
