"""An editor's admin costs the same queries with 3 client sites or 12."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.provisioning import client_site_create
from tests.content.factories import StandardPageFactory
from tests.media_pipeline.factories import ImageFactory

pytestmark = pytest.mark.django_db


def add_clients(start: int, count: int):
    for n in range(start, start + count):
        client_site = client_site_create(name=f"Client {n}", hostname=f"client{n}.example")
        for page in range(3):
            StandardPageFactory(parent=client_site.home, slug=f"page-{page}")
        ImageFactory(collection=client_site.collection)


def admin_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def editor_client(client):
    own = client_site_create(name="Own Carpentry", hostname="own.example")
    StandardPageFactory(parent=own.home, slug="about")
    ImageFactory(collection=own.collection)
    editor = get_user_model().objects.create_user(username="own-editor", password="x" * 12)
    editor.groups.add(own.editors)
    client.force_login(editor)
    return client, own


@pytest.mark.parametrize("view", ["dashboard", "explorer", "image chooser", "page chooser"])
def test_editor_views_do_not_slow_down_as_clients_are_added(editor_client, view):
    client, own = editor_client
    url = {
        "dashboard": "/admin/",
        "explorer": f"/admin/pages/{own.home.pk}/",
        "image chooser": "/admin/images/chooser/",
        "page chooser": f"/admin/choose-page/{own.home.pk}/",
    }[view]
    add_clients(0, 2)
    admin_queries(client, url)  # caches that any first request fills
    few = admin_queries(client, url)
    add_clients(2, 8)
    admin_queries(client, url)  # adding sites empties Wagtail's cache of site roots
    many = admin_queries(client, url)
    assert few == many
