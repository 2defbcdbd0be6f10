"""Builds the demo carpentry site: German, with its main pages in English.

Everything is looked up before it is created, so running the loader again
adds only what is missing and never overwrites what an editor changed. The
English pages are made with wagtail-localize, so they are real translations:
the translation editor shows them and a sync updates their synced fields.
"""

import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from cms.content.models import (
    ContactFormField,
    ContactPage,
    HomePage,
    HomePageFeaturedProject,
    NewsIndexPage,
    NewsPage,
    ProjectGalleryImage,
    ProjectIndexPage,
    ProjectMaterial,
    ProjectPage,
    StandardPage,
)
from cms.content.translation import object_translate
from sites.models import SiteSettings

from . import content, english
from .photos import demo_photo_jpeg

GALLERY_SIZE = 3
Progress = Callable[[str], None]


@dataclass
class DemoSummary:
    pages_created: int = 0
    pages_existing: int = 0
    images_created: int = 0
    images_existing: int = 0
    seconds: float = 0.0
    home: HomePage | None = field(default=None, repr=False)
    already_loaded: bool = False

    def line(self) -> str:
        if self.already_loaded:
            return "Demo site already loaded; nothing changed."
        pages = self.pages_created + self.pages_existing
        images = self.images_created + self.images_existing
        return (
            f"Demo site ready: {pages} pages ({self.pages_created} new), "
            f"{images} images ({self.images_created} new) in {self.seconds:.1f} s."
        )


class _DemoBuilder:
    def __init__(self, progress: Progress):
        self.progress = progress
        self.summary = DemoSummary()
        self.collection = self._collection()

    def _collection(self) -> Collection:
        root = Collection.get_first_root_node()
        existing = root.get_children().filter(name=content.BUSINESS_NAME).first()
        return existing or root.add_child(name=content.BUSINESS_NAME)

    def image(self, *, title: str, scene: str, wood: str):
        image_model = get_image_model()
        existing = image_model.objects.filter(collection=self.collection, title=title).first()
        if existing:
            self.summary.images_existing += 1
            return existing
        data = demo_photo_jpeg(name=title, scene=scene, wood=wood)
        scene_name, wood_name = content.SCENE_NAMES[scene], content.WOOD_NAMES[wood]
        image = image_model(
            title=title,
            alt_text=f"{title}: {scene_name} aus {wood_name}, gebaut von {content.BUSINESS_NAME}",
            credit=content.BUSINESS_NAME,
            collection=self.collection,
            file=ImageFile(_named_bytes(data, f"{slugify(title)}.jpg")),
        )
        image.save()
        self.summary.images_created += 1
        return image

    def page(self, parent: Page, page: Page, *, before_publish=None) -> tuple[Page, bool]:
        """Adds and publishes `page` under `parent` unless a page with its slug is there."""
        existing = parent.get_children().filter(slug=page.slug).first()
        if existing:
            self.summary.pages_existing += 1
            return existing.specific, False
        parent.add_child(instance=page)
        if before_publish:
            before_publish(page)
        page.save_revision(log_action=True).publish()
        self.summary.pages_created += 1
        self.progress(f"  page {page.url_path.removeprefix(parent.url_path)}")
        return page, True

    def translation(self, page: Page, language: str) -> None:
        """Translates `page` through wagtail-localize unless it has a translation already."""
        if page.has_translation(Locale.objects.get(language_code=language)):
            self.summary.pages_existing += 1
            return
        object_translate(instance=page, language=language, texts=english.TEXTS)
        self.summary.pages_created += 1
        self.progress(f"  page {page.slug} in {language}")


def _named_bytes(data: bytes, name: str) -> io.BytesIO:
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def _paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def _page_link(page: Page, text: str) -> str:
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def _cta(contact: ContactPage, title: str) -> dict:
    return {
        "type": "call_to_action",
        "value": {
            "title": title,
            "text": content.CALL_TO_ACTION["text"],
            "button_label": content.CALL_TO_ACTION["button_label"],
            "page": contact.pk,
            "url": "",
        },
    }


def demo_site_load(*, progress: Progress = lambda message: None) -> DemoSummary:
    """Creates the demo carpentry site as the default site and returns what it did."""
    started = time.monotonic()
    if Collection.objects.filter(depth=2, name=content.BUSINESS_NAME).exists():
        # Loaded before (it is all-or-nothing): what the owner deleted or
        # renamed since stays deleted or renamed.
        return DemoSummary(already_loaded=True, seconds=time.monotonic() - started)
    with transaction.atomic():
        builder = _DemoBuilder(progress)
        home, home_created = builder.page(
            Page.get_first_root_node(),
            HomePage(
                slug=slugify(content.BUSINESS_NAME),
                **content.HOME,
                hero_image=builder.image(title="Workshop", scene="workshop", wood="oak"),
            ),
        )
        _make_default_site(home, builder.collection)
        contact = _load_contact(builder, home)
        projects_index, projects = _load_projects(builder, home)
        _load_news(builder, home)
        about, services = _load_standard_pages(builder, home, contact)
        if home_created:
            _feature_on_home(home, projects[:3], contact)
        if Locale.objects.filter(language_code="en").exists():  # English is a content language
            # Parents first: a translation goes under its parent's translation.
            for page in (home, contact, about, services, projects_index, *projects):
                if page.slug in english.PROJECTS or not isinstance(page, ProjectPage):
                    builder.translation(page, "en")
    builder.summary.seconds = time.monotonic() - started
    builder.summary.home = home
    return builder.summary


def _make_default_site(home: HomePage, collection: Collection) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or site.root_page.specific_class is not Page:
        # No default site, or a real one (a client's) that must stay as it is.
        site = Site.objects.create(
            hostname="localhost" if site is None else "demo.localhost",
            root_page=home,
            is_default_site=site is None,
            site_name=content.BUSINESS_NAME,
        )
    SiteSettings.objects.get_or_create(
        site=site,
        defaults={**content.SITE_SETTINGS, "collection": collection},
    )
    if site.root_page_id == home.pk:
        return
    previous_root = site.root_page
    site.root_page = home
    site.site_name = content.BUSINESS_NAME
    site.save()
    # Wagtail's migrations leave a placeholder "Welcome" page; it has no use
    # once the demo home page is the root of the site.
    if previous_root.specific_class is Page and not previous_root.get_children().exists():
        previous_root.delete()


def _load_contact(builder: _DemoBuilder, home: HomePage) -> ContactPage:
    def add_fields(page):
        for sort_order, definition in enumerate(content.CONTACT_FORM_FIELDS):
            ContactFormField.objects.create(page=page, sort_order=sort_order, **definition)

    contact, _ = builder.page(
        home,
        ContactPage(
            **content.CONTACT_PAGE,
            show_in_menus=True,
            to_address=content.CONTACT_EMAIL,
            from_address=content.CONTACT_EMAIL,
        ),
        before_publish=add_fields,
    )
    return contact


def _load_projects(
    builder: _DemoBuilder, home: HomePage
) -> tuple[ProjectIndexPage, list[ProjectPage]]:
    index, _ = builder.page(home, ProjectIndexPage(**content.PROJECTS_PAGE, show_in_menus=True))
    projects = []
    for number, data in enumerate(content.PROJECTS, start=1):
        builder.progress(f"Project {number}/{len(content.PROJECTS)}: {data['title']}")
        photos = [
            builder.image(title=f"{data['title']} ({view})", scene=data["scene"], wood=data["wood"])
            for view in ("Übersicht", "Detail", "im Einsatz", "Werkstatt")[: GALLERY_SIZE + 1]
        ]

        def add_details(page, data=data, photos=photos):
            page.categories.add(*data["categories"])
            for sort_order, name in enumerate(data["materials"]):
                ProjectMaterial.objects.create(page=page, sort_order=sort_order, name=name)
            for sort_order, photo in enumerate(photos[1:]):
                ProjectGalleryImage.objects.create(
                    page=page, sort_order=sort_order, image=photo, caption=photo.title
                )
            page.save()

        project, _ = builder.page(
            index,
            ProjectPage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                location=data["location"],
                completion_date=data["completed"],
                hero_image=photos[0],
                search_description=data["summary"],
                body=[
                    {
                        "type": "heading",
                        "value": {"text": content.PROJECT_BODY["heading"], "level": "h2"},
                    },
                    _paragraph(f"<p>{data['summary']}</p>"),
                    {
                        # Alt text on the block: translated with the page (the
                        # image's own alt text is German on every page).
                        "type": "image",
                        "value": {
                            "image": photos[1].pk,
                            "alt_text": photos[1].title,
                            "caption": "",
                        },
                    },
                    {
                        "type": "quote",
                        "value": {
                            "quote": content.PROJECT_BODY["quote"],
                            "author": content.PROJECT_BODY["author"],
                            "role": data["location"],
                        },
                    },
                ],
            ),
            before_publish=add_details,
        )
        projects.append(project)
    return index, projects


def _load_news(builder: _DemoBuilder, home: HomePage) -> None:
    index, _ = builder.page(
        home,
        NewsIndexPage(**content.NEWS_PAGE, show_in_menus=True),
    )
    for data in content.NEWS:
        photo = builder.image(title=data["title"], scene=data["scene"], wood=data["wood"])
        builder.page(
            index,
            NewsPage(
                title=data["title"],
                slug=data["slug"],
                date=data["date"],
                author=data["author"],
                intro=data["intro"],
                hero_image=photo,
                body=[_paragraph(f"<p>{data['intro']}</p>")],
            ),
            before_publish=lambda page, tags=data["tags"]: _tag(page, tags),
        )


def _tag(page: NewsPage, tags: list[str]) -> None:
    page.tags.add(*tags)
    page.save()


def _load_standard_pages(
    builder: _DemoBuilder, home: HomePage, contact: ContactPage
) -> tuple[StandardPage, StandardPage]:
    about, _ = builder.page(
        home,
        StandardPage(
            **content.ABOUT,
            show_in_menus=True,
            hero_image=builder.image(title="Unsere Werkstatt", scene="workshop", wood="larch"),
            body=[
                _paragraph(content.ABOUT_BODY_TEXT),
                {
                    "type": "facts",
                    "value": {
                        "title": content.FACTS_TITLE,
                        "facts": [{"value": v, "label": label} for v, label in content.FACTS],
                    },
                },
                _cta(contact, content.CALL_TO_ACTION["about_title"]),
            ],
        ),
    )
    services, _ = builder.page(
        home,
        StandardPage(
            **content.SERVICES_PAGE,
            show_in_menus=True,
            body=[
                {
                    "type": "faq",
                    "value": {
                        "title": "Häufige Fragen",
                        "items": [{"question": q, "answer": a} for q, a in content.FAQ],
                    },
                }
            ],
        ),
    )
    for data in content.SERVICES:
        photo = builder.image(title=data["title"], scene=data["scene"], wood=data["wood"])
        builder.page(
            services,
            StandardPage(
                title=data["title"],
                slug=data["slug"],
                intro=data["intro"],
                hero_image=photo,
                body=[
                    {
                        "type": "text_with_image",
                        "value": {
                            "text": f"<p>{data['intro']}</p><p>"
                            + _page_link(contact, "Fragen Sie uns nach einem Angebot")
                            + ".</p>",
                            "image": photo.pk,
                            "image_position": "right",
                        },
                    }
                ],
            ),
        )
    for data in content.LEGAL_PAGES:
        builder.page(
            home,
            StandardPage(title=data["title"], slug=data["slug"], body=[_paragraph(data["text"])]),
        )
    return about, services


def _feature_on_home(home: HomePage, projects: list[ProjectPage], contact: ContactPage) -> None:
    home.featured_projects = [
        HomePageFeaturedProject(project=project, sort_order=position)
        for position, project in enumerate(projects)
    ]
    home.call_to_action = [_cta(contact, content.CALL_TO_ACTION["home_title"])]
    home.body = [
        {
            "type": "facts",
            "value": {"facts": [{"value": v, "label": label} for v, label in content.FACTS]},
        },
        {"type": "quote", "value": content.HOME_QUOTE},
    ]
    home.save_revision(log_action=True).publish()
