import pytest
from wagtail.models import Site

from .factories import shop_create


@pytest.fixture
def shop(home):
    return shop_create(site=Site.objects.get(is_default_site=True))
