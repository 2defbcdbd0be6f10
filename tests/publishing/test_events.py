"""Each kind of change reaches the site's endpoint with the pages it affects."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from cms.publishing.models import WebhookEndpoint
from sites.models import SiteSettings
from tests.content.factories import HomePageFactory, StandardPageFactory
from tests.media_pipeline.factories import ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(home):
    return StandardPageFactory(parent=home, slug="services", title="Services")


@pytest.fixture
def joinery(services):
    return StandardPageFactory(parent=services, slug="joinery", title="Joinery")


def only_payload(receiver) -> dict:
    assert len(receiver.requests) == 1
    return receiver.payloads()[0]


def paths(payload) -> list[tuple]:
    return [(p["id"], p["path"], p["previous_path"]) for p in payload["pages"]]


def test_unpublishing_tells_the_last_path(
    endpoint, receiver, joinery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        joinery.unpublish()
    payload = only_payload(receiver)
    assert payload["event"] == "page.unpublished"
    assert paths(payload) == [(joinery.pk, "/services/joinery/", None)]


def test_deleting_a_page_tells_about_it_and_the_published_pages_below_it(
    endpoint, receiver, services, joinery, django_capture_on_commit_callbacks, worker
):
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=services.pk).delete()
    worker.run_all()
    payload = only_payload(receiver)
    assert payload["event"] == "page.deleted"
    assert sorted(paths(payload)) == sorted(
        [(services.pk, "/services/", None), (joinery.pk, "/services/joinery/", None)]
    )


def test_moving_a_page_gives_old_and_new_paths_of_it_and_its_children(
    endpoint, receiver, home, services, joinery, django_capture_on_commit_callbacks
):
    about = StandardPageFactory(parent=home, slug="about")
    receiver.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=services.pk).move(about, pos="last-child")
    payload = only_payload(receiver)
    assert payload["event"] == "page.moved"
    assert paths(payload) == [
        (services.pk, "/about/services/", "/services/"),
        (joinery.pk, "/about/services/joinery/", "/services/joinery/"),
    ]


def test_renaming_a_page_gives_old_and_new_paths(
    endpoint, receiver, services, joinery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.slug = "what-we-do"
        services.save_revision().publish()
    events = [change["event"] for change in receiver.payloads()[0]["changes"]]
    renamed = [p for r in receiver.payloads() for c in r["changes"] for p in c["pages"]]
    assert "page.renamed" in events
    assert (services.pk, "/what-we-do/", "/services/") in [
        (p["id"], p["path"], p["previous_path"]) for p in renamed
    ]
    assert (joinery.pk, "/what-we-do/joinery/", "/services/joinery/") in [
        (p["id"], p["path"], p["previous_path"]) for p in renamed
    ]


def test_a_scheduled_publish_fires_the_publish_webhook(
    site, receiver, home, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(
        site=site, name="Publishes", url=receiver.url, events=["page.published"]
    )
    page = StandardPageFactory(parent=home, slug="offer", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert receiver.requests == []  # not live yet

    # A day later, as far as the revision is concerned.
    revision = page.revisions.get()
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")

    payload = only_payload(receiver)
    assert payload["event"] == "page.scheduled_published"
    assert paths(payload) == [(page.pk, "/offer/", None)]


def test_an_expiry_fires_the_unpublish_webhook(
    endpoint, receiver, joinery, django_capture_on_commit_callbacks
):
    Page.objects.filter(pk=joinery.pk).update(expire_at=timezone.now() - datetime.timedelta(1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    payload = only_payload(receiver)
    assert payload["event"] == "page.expired"
    assert paths(payload) == [(joinery.pk, "/services/joinery/", None)]


def test_changing_an_image_lists_the_published_pages_that_show_it(
    endpoint, receiver, home, django_capture_on_commit_callbacks
):
    image = ImageFactory(title="Oak")
    with django_capture_on_commit_callbacks(execute=True):
        shows = StandardPageFactory(parent=home, slug="oak", hero_image=image)
        StandardPageFactory(parent=home, slug="other")
    receiver.requests.clear()

    with django_capture_on_commit_callbacks(execute=True):
        image.title = "Oak table"
        image.save()

    payload = only_payload(receiver)
    assert payload["event"] == "image.changed"
    assert payload["changes"][0]["detail"] == {"image_id": image.pk}
    assert paths(payload) == [(shows.pk, "/oak/", None)]


def test_changing_site_settings_concerns_every_page(
    endpoint, receiver, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        SiteSettings.objects.create(site=site, business_name="Brandt")
    payload = only_payload(receiver)
    assert (payload["event"], payload["scope"], payload["pages"]) == (
        "settings.changed",
        "site",
        [],
    )


def test_a_redirect_lists_its_target_page(
    endpoint, receiver, site, services, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Redirect.objects.create(site=site, old_path="/leistungen", redirect_page=services)
    payload = only_payload(receiver)
    assert payload["event"] == "redirect.changed"
    assert payload["changes"][0]["detail"] == {"old_path": "/leistungen"}
    assert paths(payload) == [(services.pk, "/services/", None)]


def test_the_endpoint_of_another_site_hears_nothing(
    receiver, home, services, django_capture_on_commit_callbacks
):
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="florist")
    other = Site.objects.create(hostname="florist.example", root_page=other_home)
    WebhookEndpoint.objects.create(site=other, name="Florist", url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_revision().publish()
    assert receiver.requests == []
