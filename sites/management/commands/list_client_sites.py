from django.core.management.base import BaseCommand
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site


class Command(BaseCommand):
    help = "Lists every site with its page and image counts."

    def handle(self, *args, **options):
        sites = Site.objects.select_related("root_page").order_by("hostname")
        collections = {c.name: c for c in Collection.objects.filter(depth=2)}
        images = get_image_model().objects
        self.stdout.write(f"{'hostname':32} {'name':32} {'pages':>6} {'images':>6}")
        for site in sites:
            pages = Page.objects.descendant_of(site.root_page, inclusive=True).count()
            collection = collections.get(site.site_name)
            image_count = images.filter(collection=collection).count() if collection else 0
            self.stdout.write(f"{site.hostname:32} {site.site_name:32} {pages:6d} {image_count:6d}")
        self.stdout.write(f"{sites.count()} sites.")
