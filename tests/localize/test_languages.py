"""Which languages exist, and which of them a site publishes."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from cms.settings.base import env_languages
from sites.models import validate_languages

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
