"""``manage.py renditions warm [--site HOST] [--force]``: render every image's set now.

Useful after changing specs or qualities, after a restore, or to fill a new
storage before switching to it. Runs in this process, not through the
worker, so it shows progress and finishes when the work is done.
"""

import time

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Site

from media_pipeline.renditions import rendition_set_generate


class Command(BaseCommand):
    help = "Manage image renditions."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        warm = subcommands.add_parser("warm", help="(Re)generate every image's responsive set.")
        warm.add_argument(
            "--site",
            help="Only images used on this site's pages (its hostname).",
        )
        warm.add_argument(
            "--force",
            action="store_true",
            help="Delete existing renditions and render them again.",
        )

    def handle(self, *args, subcommand, site=None, force=False, **options):
        images = get_image_model().objects.order_by("pk")
        if site:
            images = images.filter(pk__in=_image_ids_used_on_site(hostname=site))
        total = images.count()
        rendered = failed = 0
        started = time.monotonic()
        for done, image in enumerate(images.iterator(), start=1):
            try:
                rendered += rendition_set_generate(image=image, force=force)
            except Exception as error:  # one bad file must not stop the rest
                failed += 1
                self.stderr.write(f"\nImage {image.pk} ({image.title}): {error}")
            self._progress(done=done, total=total)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"\n{total} images, {rendered} renditions rendered, {failed} failed, in {elapsed:.1f} s"
        )

    def _progress(self, *, done: int, total: int):
        width = 30
        filled = width * done // max(total, 1)
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        self.stdout.write(line, ending="")
        self.stdout.flush()


def _image_ids_used_on_site(*, hostname: str) -> list[int]:
    site = Site.objects.filter(hostname=hostname).select_related("root_page").first()
    if site is None:
        raise CommandError(f"No site with hostname {hostname!r}.")
    page_ids = site.root_page.get_descendants(inclusive=True).values_list("pk", flat=True)
    image_model = get_image_model()
    return [
        int(object_id)
        for object_id in ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(pk) for pk in page_ids],
            to_content_type=ContentType.objects.get_for_model(image_model),
        ).values_list("to_object_id", flat=True)
    ]
