"""Editors manage the webhooks of their own site in the admin and can send a delivery again."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page, Site

from cms.publishing.models import WebhookDelivery, WebhookEndpoint
from tests.content.factories import HomePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def florist(db):
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="florist", title="Florist")
    return Site.objects.create(hostname="florist.example", root_page=home)


@pytest.fixture
def carpentry(home):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def carpentry_editor(django_user_model, carpentry):
    """Publishes the carpentry site's pages and was given the webhook permissions."""
    group = Group.objects.create(name="Carpentry editors")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="publishing", codename__endswith="webhookendpoint"
        ),
    )
    for permission in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=carpentry.root_page,
            permission=Permission.objects.get(codename=permission),
        )
    user = django_user_model.objects.create_user(username="carpenter", password="x" * 16)
    user.groups.add(group)
    return user


@pytest.fixture
def endpoints(carpentry, florist, receiver):
    return {
        "carpentry": WebhookEndpoint.objects.create(
            site=carpentry, name="Carpentry build", url=receiver.url
        ),
        "florist": WebhookEndpoint.objects.create(
            site=florist, name="Florist build", url=receiver.url
        ),
    }


def test_an_editor_sees_and_edits_only_the_endpoints_of_their_site(
    client, carpentry_editor, endpoints, carpentry
):
    client.force_login(carpentry_editor)

    index = client.get("/admin/webhookendpoint/")
    assert index.status_code == 200
    assert b"Carpentry build" in index.content
    assert b"Florist build" not in index.content
    assert (
        client.get(f"/admin/webhookendpoint/edit/{endpoints['carpentry'].pk}/").status_code == 200
    )
    assert client.get(f"/admin/webhookendpoint/edit/{endpoints['florist'].pk}/").status_code == 302
    assert (
        client.get(f"/admin/webhookendpoint/delete/{endpoints['florist'].pk}/").status_code == 302
    )
    assert WebhookEndpoint.objects.filter(pk=endpoints["florist"].pk).exists()

    form = client.get("/admin/webhookendpoint/new/").context["form"]
    assert list(form.fields["site"].queryset) == [carpentry]


def test_an_editor_adds_an_endpoint_with_chosen_events(client, carpentry_editor, carpentry):
    client.force_login(carpentry_editor)
    response = client.post(
        "/admin/webhookendpoint/new/",
        {
            "site": carpentry.pk,
            "name": "Astro build",
            "url": "http://127.0.0.1:4321/rebuild",
            "secret": "shared-secret",
            "events": ["page.published", "page.deleted"],
            "active": "on",
        },
    )
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get(name="Astro build")
    assert endpoint.events == ["page.published", "page.deleted"]


def test_an_editor_without_the_webhook_permission_has_no_webhooks(client, owner, endpoints):
    client.force_login(owner)
    assert client.get("/admin/webhookendpoint/").status_code == 302
    assert client.get("/admin/webhookdelivery/").status_code == 302


def test_send_again_delivers_the_same_event_with_a_new_delivery_id(
    client, carpentry_editor, endpoints, receiver, home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()
    first = WebhookDelivery.objects.get(endpoint=endpoints["carpentry"])
    client.force_login(carpentry_editor)

    log = client.get("/admin/webhookdelivery/")
    assert b"Send again" in log.content
    assert client.get(f"/admin/publishing/deliveries/{first.pk}/resend/").status_code == 200
    response = client.post(f"/admin/publishing/deliveries/{first.pk}/resend/")

    assert response.status_code == 302
    again = WebhookDelivery.objects.exclude(pk=first.pk).get()
    assert (again.status, again.event_id, again.resent_from) == ("succeeded", first.event_id, first)
    assert len(receiver.requests) == 2
    assert receiver.requests[0]["body"] == receiver.requests[1]["body"]
    deliveries = {r["headers"]["X-Webhook-Delivery"] for r in receiver.requests}
    assert deliveries == {str(first.delivery_id), str(again.delivery_id)}


def test_the_delivery_log_of_another_site_stays_hidden(
    client, carpentry_editor, endpoints, florist, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        florist.root_page.save_revision().publish()
    delivery = WebhookDelivery.objects.get(endpoint=endpoints["florist"])
    client.force_login(carpentry_editor)

    assert b"Florist build" not in client.get("/admin/webhookdelivery/").content
    assert client.get(f"/admin/webhookdelivery/inspect/{delivery.pk}/").status_code == 302
    assert client.post(f"/admin/publishing/deliveries/{delivery.pk}/resend/").status_code == 302
    assert WebhookDelivery.objects.count() == 1
