"""Loading the demo into a database without it: `make run` on a new machine,
or on an installation that already hosts clients."""

import io

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from cms.demo import content, tax_office
from cms.demo import florist as florist_demo

pytestmark = pytest.mark.django_db


def test_loader_prints_progress_and_a_summary(demo_output):
    # The shared load (tests/conftest.py) is a first one, as on a new machine.
    lines = demo_output.strip().splitlines()
    assert any(line.startswith("Project 1/") for line in lines)
    # The carpentry site's summary; the tax office's and the florist's sites
    # follow it (cms.demo.tax_office, cms.demo.florist), their home pages made by
    # provisioning, not counted as the demo's.
    others = [
        Site.objects.get(hostname=h).root_page for h in (tax_office.HOSTNAME, florist_demo.HOSTNAME)
    ]
    pages = Page.objects.filter(depth__gt=1)
    for root in others:
        pages = pages.exclude(path__startswith=root.path)
    images = get_image_model().objects.filter(collection__name=content.BUSINESS_NAME)
    summary = next(line for line in lines if line.startswith("Demo site ready"))
    assert summary.startswith(
        f"Demo site ready: {pages.count()} pages ({pages.count()} new), "
        f"{images.count()} images ({images.count()} new) in "
    )
    assert f"Tax office with appointments at {tax_office.HOSTNAME}." in lines
    assert lines[-1] == f"Florist demo ready: {florist_demo.HOSTNAME}."


def test_the_demo_never_takes_over_a_client_site(db):
    from cms.provisioning import client_site_create

    client = client_site_create(name="Tischlerei Holz", hostname="holz.example")
    Site.objects.filter(pk=client.site.pk).update(is_default_site=True)
    Site.objects.exclude(pk=client.site.pk).delete()
    call_command("load_demo", stdout=io.StringIO())
    client.site.refresh_from_db()
    assert client.site.site_name == "Tischlerei Holz"
    assert client.site.root_page_id == client.home.pk
    demo_site = Site.objects.get(site_name=content.BUSINESS_NAME)
    assert not demo_site.is_default_site
