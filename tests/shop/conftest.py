import pytest
from wagtail.models import Site

from tests.conftest import home_create
from tests.shared_rows import fresh, rolled_back

from .factories import shop_create


@pytest.fixture
def shop(home):
    return shop_create(site=Site.objects.get(is_default_site=True))


@pytest.fixture(scope="module")
def shop_rows(django_db_setup, django_db_blocker):
    """The shop, written once for a module whose tests change it only within
    their own transaction."""
    with rolled_back(django_db_blocker):
        home_create()
        yield shop_create(site=Site.objects.get(is_default_site=True))


def shared_shop():
    """A `shop` fixture for a module whose tests change it only within their own
    transaction: `shop = shared_shop()` there overrides the per-test one above
    with the rows written once (shop_rows), fresh from the database, as a test
    that changes one in memory would leave the next test a change its rollback
    does not undo."""

    @pytest.fixture
    def shop(shop_rows, db):
        return {name: row if name == "day" else fresh(row) for name, row in shop_rows.items()}

    return shop
