"""A client's editor translates their site with wagtail-localize's own admin views."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, Translation

from cms.content import models as content
from cms.provisioning import client_site_create
from tests.content.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_site(django_capture_on_commit_callbacks):
    client_site = client_site_create(name="Tischlerei Holz", hostname="holz.example")
    with django_capture_on_commit_callbacks(execute=True):
        about = StandardPageFactory(parent=client_site.home, title="Über uns", slug="about")
        about.save_revision().publish()
    editor = get_user_model().objects.create_user(username="anna", password="x" * 12)
    editor.groups.add(client_site.editors)
    return client_site, about, editor


def test_an_editor_translates_publishes_and_the_api_serves_it(
    client, editor_site, django_capture_on_commit_callbacks
):
    client_site, about, editor = editor_site
    english = Locale.objects.get(language_code="en")
    client.force_login(editor)

    assert client.get(f"/admin/localize/submit/page/{about.pk}/").status_code == 200
    # The home page first: wagtail-localize would otherwise put an alias of the
    # German home page above the English page.
    with django_capture_on_commit_callbacks(execute=True):
        for page in (client_site.home, about):
            response = client.post(
                f"/admin/localize/submit/page/{page.pk}/", {"locales": [english.pk]}
            )
            assert response.status_code == 302
    english_about = about.get_translation(english)
    # The English home page is a new page under the tree root, yet the editor's.
    english_home = client_site.home.get_translation(english)
    assert english_home.permissions_for_user(editor).can_publish()

    # The translation editor opens in place of the page editor.
    editor_page = client.get(f"/admin/pages/{english_about.pk}/edit/")
    assert editor_page.status_code == 200
    assert b"wagtail-localize" in editor_page.content or b"w-localize" in editor_page.content

    translation = Translation.objects.get(
        source__object_id=about.translation_key, target_locale=english
    )
    title = StringSegment.objects.get(source=translation.source, string__data="Über uns")
    response = client.put(
        f"/admin/localize/translate/{translation.pk}/strings/{title.pk}/edit/",
        "value=About+us",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201, response.content
    # "Publish in English" in the translation editor, the home page first.
    with django_capture_on_commit_callbacks(execute=True):
        for page in (english_home, english_about):
            response = client.post(f"/admin/pages/{page.pk}/edit/", {"action": "publish"})
            assert response.status_code == 302, [str(m) for m in response.context["messages"]]

    data = client.get("/api/v1/pages/by-path/?site=holz.example&path=/en/about/").json()
    assert (data["title"], data["locale"], data["path"]) == ("About us", "en", "/en/about/")


def test_an_editor_translates_their_testimonials(
    client, editor_site, django_capture_on_commit_callbacks
):
    client_site, _, editor = editor_site
    testimonial = content.Testimonial.objects.create(
        site=client_site.site, quote="Sehr gute Arbeit", author="Eva"
    )
    assert testimonial.locale.language_code == "de"
    english = Locale.objects.get(language_code="en")
    client.force_login(editor)
    url = f"/admin/localize/submit/snippet/content/testimonial/{testimonial.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"locales": [english.pk]})
    assert response.status_code == 302
    translated = testimonial.get_translation(english)
    assert (translated.site_id, translated.author) == (client_site.site.pk, "Eva")
    listing = client.get("/admin/snippets/content/testimonial/?locale=en")
    assert listing.status_code == 200
    assert b"Eva" in listing.content


def test_create_client_site_with_a_locale_makes_the_home_page_in_it(db):
    call_command("create_client_site", name="Flower Shop", hostname="flowers.example", locale="en")
    home = content.HomePage.objects.get(title="Flower Shop")
    assert home.locale.language_code == "en"
    assert Page.objects.get(pk=home.pk).get_site().hostname == "flowers.example"
