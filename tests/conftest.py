import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from wagtail.models import Page, Site

from tests.content.factories import HomePageFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached API responses and Wagtail's site roots outlive a test's database."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def home(db):
    """A home page that is the root of the default site, as on a fresh installation."""
    home = HomePageFactory(parent=Page.get_first_root_node())
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def owner(db, django_user_model):
    """The business owner: a Moderator who edits and publishes pages, not a superuser."""
    user = django_user_model.objects.create_user(
        username="owner", email="owner@carpentry.example", password="a-long-passphrase"
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client
