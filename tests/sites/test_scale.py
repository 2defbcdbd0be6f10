"""An editor's admin costs the same queries with 3 client sites or 12."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms.provisioning import client_site_create
from tests.content.factories import StandardPageFactory
from tests.media_pipeline.factories import ImageFactory
from tests.shared_rows import rolled_back

pytestmark = pytest.mark.django_db

VIEWS = {
    "dashboard": lambda own: "/admin/",
    "explorer": lambda own: f"/admin/pages/{own.home.pk}/",
    "image chooser": lambda own: "/admin/images/chooser/",
    "page chooser": lambda own: f"/admin/choose-page/{own.home.pk}/",
}


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


def settled_queries(client, url) -> int:
    """The queries of a view once the caches that any first request fills are
    filled (adding sites empties Wagtail's cache of site roots)."""
    admin_queries(client, url)
    return admin_queries(client, url)


@pytest.fixture(scope="module")
def scaled(django_db_setup, django_db_blocker):
    """The editor's own site among 3, each view's queries counted there, then 8
    more clients: built once for the module, as provisioning takes a while."""
    with rolled_back(django_db_blocker):
        own = client_site_create(name="Own Carpentry", hostname="own.example")
        StandardPageFactory(parent=own.home, slug="about")
        ImageFactory(collection=own.collection)
        editor = get_user_model().objects.create_user(username="own-editor", password="x" * 12)
        editor.groups.add(own.editors)
        add_clients(0, 2)
        client = Client()
        client.force_login(editor)
        few = {view: settled_queries(client, url(own)) for view, url in VIEWS.items()}
        add_clients(2, 8)
        yield own, editor, few


@pytest.mark.parametrize("view", VIEWS)
def test_editor_views_do_not_slow_down_as_clients_are_added(scaled, client, view):
    own, editor, few = scaled
    client.force_login(editor)
    assert settled_queries(client, VIEWS[view](own)) == few[view]
