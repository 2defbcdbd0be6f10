"""Demo-like content for the fuzzing tests: pages of several types, images, a
form, a redirect, testimonials and team members, so valid requests reach them."""

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, Page, Site

from cms.content.models import TeamMember, Testimonial
from sites.models import SiteSettings
from tests.content.factories import (
    ContactFormFieldFactory,
    ContactPageFactory,
    HomePageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    StandardPageFactory,
)
from tests.media_pipeline.factories import ImageFactory


def client_content_create(*, hostname: str, first_id: int | None = None) -> dict[str, set[int]]:
    """A site at `hostname` with its own content; returns the ids of its pages,
    images and snippets, by kind.

    With `first_id`, every object gets an explicit id from there on, so the
    site's ids are told apart from any other's at a glance (and never collide
    across kinds: a page and an image never share an id).
    """
    counter = iter(range(first_id, first_id + 1_000)) if first_id else None

    def next_id() -> dict:
        return {"id": next(counter)} if counter else {}

    if first_id:
        page_ids_start_at(first_id)

    collection = Collection.get_first_root_node().add_child(name=hostname, **next_id())
    photo, logo, hero = (ImageFactory(collection=collection, **next_id()) for _ in range(3))
    home = HomePageFactory(parent=Page.get_first_root_node(), slug=hostname.replace(".", "-"))
    site = Site.objects.create(hostname=hostname, root_page=home, site_name=hostname)
    SiteSettings.objects.create(site=site, collection=collection, logo=logo, **next_id())
    about = StandardPageFactory(
        parent=home,
        slug="about",
        show_in_menus=True,
        hero_image=hero,
        body=[{"type": "image", "value": {"image": photo.pk, "caption": "Workshop"}}],
    )
    projects = ProjectIndexPageFactory(parent=home, slug="projects", show_in_menus=True)
    kitchen = ProjectPageFactory(parent=projects, slug="kitchen", hero_image=hero)
    contact = ContactPageFactory(parent=home, slug="contact")
    ContactFormFieldFactory(page=contact, label="Your name", **next_id())
    Redirect.objects.create(old_path="/old-about", redirect_page=about, site=site, **next_id())
    testimonial = Testimonial.objects.create(site=site, quote="Great", author="Eva", **next_id())
    member = TeamMember.objects.create(site=site, name="Lena", photo=photo, **next_id())
    return {
        "pages": {home.pk, about.pk, projects.pk, kitchen.pk, contact.pk},
        "images": {photo.pk, logo.pk, hero.pk},
        "snippets": {testimonial.pk, member.pk},
    }


def page_ids_start_at(first_id: int) -> None:
    """New pages get ids from `first_id` on. Wagtail takes a page with an id for an
    existing one, so a placeholder (unpublished, in no site) takes the id before,
    and PostgreSQL's sequence is moved past it; SQLite continues from the largest."""
    root = Page.get_first_root_node()
    Page.objects.bulk_create(
        [
            Page(
                id=first_id - 1,
                title="Id placeholder",
                draft_title="Id placeholder",
                slug=f"id-placeholder-{first_id}",
                path=Page._get_path(root.path, root.depth + 1, root.numchild + 1),
                depth=root.depth + 1,
                url_path=f"/id-placeholder-{first_id}/",
                content_type=ContentType.objects.get_for_model(Page),
                locale_id=root.locale_id,
                live=False,
            )
        ]
    )
    Page.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Page]):
            cursor.execute(sql)
