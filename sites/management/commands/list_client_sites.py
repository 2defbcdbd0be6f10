from django.core.management.base import BaseCommand
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from sites.models import SiteSettings


class Command(BaseCommand):
    help = "Lists every site with its page and image counts."

    def handle(self, *args, **options):
        sites = Site.objects.select_related("root_page").order_by("hostname")
        collections = dict(SiteSettings.objects.values_list("site_id", "collection_id"))
        images = get_image_model().objects
        self.stdout.write(f"{'hostname':32} {'name':32} {'pages':>6} {'images':>6}")
        for site in sites:
            pages = Page.objects.descendant_of(site.root_page, inclusive=True).count()
            collection_id = collections.get(site.pk)
            image_count = images.filter(collection_id=collection_id).count() if collection_id else 0
            self.stdout.write(f"{site.hostname:32} {site.site_name:32} {pages:6d} {image_count:6d}")
        self.stdout.write(f"{sites.count()} sites.")
