"""Which languages exist, and which of them a site publishes."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from cms.settings.base import env_languages
from sites.models import validate_languages
from tests.localize.test_delivery_api import get_json

pytestmark = pytest.mark.django_db


def test_content_languages_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("CONTENT_LANGUAGES", "de:Deutsch, fr:Français,it")
    assert env_languages("CONTENT_LANGUAGES", "en:English") == [
        ("de", "Deutsch"),
        ("fr", "Français"),
        ("it", "it"),
    ]


def test_every_content_language_has_a_locale():
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"de", "en"}
    assert Locale.get_default().language_code == "de"


def test_a_site_can_only_choose_content_languages():
    validate_languages("de en")
    with pytest.raises(ValidationError, match="fr"):
        validate_languages("de fr")


# Not with the delivery tests: their German site, shared by the module, has an English home.
def test_a_language_without_a_home_page_is_a_translation_not_found(client, home):
    error = get_json(client, "/api/v1/pages/by-path/?path=/en/", status=404)
    assert error["error"]["code"] == "translation_not_found"
    assert error["error"]["available"] == [{"locale": "de", "path": "/"}]
