"""Settings, redirects, sitemap, images and rich text extras a frontend needs."""

import pytest
from django.core.files.base import ContentFile
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.embeds.models import Embed
from wagtail.models import Page, Site

from tests.content.factories import StandardPageFactory
from tests.media_pipeline.factories import ImageFactory

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://www.youtube.com/watch?v=workshop"


@pytest.fixture
def video(db):
    """The embed row Wagtail stores when an editor saves a video block."""
    return Embed.objects.create(
        url=VIDEO_URL,
        max_width=None,
        hash="workshop-video",
        type="video",
        html='<iframe src="https://www.youtube.com/embed/workshop"></iframe>',
        title="Our workshop",
        provider_name="YouTube",
        width=640,
        height=360,
    )


def test_settings_name_the_site(client, home):
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Brandt Carpentry"
    site.save()
    data = client.get("/api/v1/settings/").json()
    assert data["site_name"] == "Brandt Carpentry"
    assert data["home_page_id"] == home.pk


def test_redirects_list_paths_and_pages_but_never_hidden_pages(
    client, home, django_capture_on_commit_callbacks
):
    about = StandardPageFactory(parent=home, slug="about")
    draft = StandardPageFactory(parent=home, slug="draft", live=False)
    Redirect.objects.create(old_path="/old-about", redirect_page=about)
    Redirect.objects.create(
        old_path="/shop", redirect_link="https://shop.example/", is_permanent=False
    )
    Redirect.objects.create(old_path="/secret", redirect_page=draft)
    assert client.get("/api/v1/redirects/").json()["items"] == [
        {"old_path": "/old-about", "new_path": "/about/", "permanent": True},
        {"old_path": "/shop", "new_path": "https://shop.example/", "permanent": False},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        Redirect.objects.create(old_path="/new", redirect_link="https://new.example/")
    assert len(client.get("/api/v1/redirects/").json()["items"]) == 3


def test_redirects_to_pages_of_no_site_are_left_out(client, home):
    orphan_home = StandardPageFactory(parent=home.get_parent(), slug="removed-client")
    Redirect.objects.create(old_path="/gone", redirect_page=orphan_home)
    response = client.get("/api/v1/redirects/")
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_sitemap_lists_each_published_page_with_lastmod(client, home):
    about = StandardPageFactory(parent=home, slug="about", live=False)
    about.save_revision().publish()
    items = client.get("/api/v1/sitemap/").json()["items"]
    assert [item["path"] for item in items] == ["/", "/about/"]
    entry = items[1]
    assert entry["id"] == about.pk
    assert entry["url"] == "http://localhost/about/"
    assert entry["lastmod"]
    assert entry["alternates"] == [
        {"locale": "de", "path": "/about/", "url": "http://localhost/about/"}
    ]


def test_an_image_by_id_in_a_named_crop(client, home, django_capture_on_commit_callbacks):
    image = ImageFactory(file__width=1600, file__height=1200)
    with django_capture_on_commit_callbacks(execute=True):
        StandardPageFactory(parent=home, slug="photo", hero_image=image)
    data = client.get(f"/api/v1/images/{image.pk}/?crop=hero").json()
    assert data["width"] * 9 == data["height"] * 16
    assert f"/media-pipeline/{image.pk}/hero/640.webp 640w" in data["srcset"]["webp"]


def test_rich_text_documents_images_and_embeds_are_resolved(client, home, video):
    document = get_document_model().objects.create(
        title="Price list", file=ContentFile(b"%PDF-1.4", name="prices.pdf")
    )
    image = ImageFactory(alt_text="Dovetail joint")
    text = (
        f'<p><a linktype="document" id="{document.pk}">Prices</a></p>'
        f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="Joint"/>'
        f'<embed embedtype="media" url="{VIDEO_URL}"/>'
    )
    page = StandardPageFactory(
        parent=home, slug="rich", body=[{"type": "paragraph", "value": text}]
    )
    html = client.get(f"/api/v1/pages/{page.pk}/").json()["body"][0]["value"]
    assert f'<a href="http://testserver/documents/{document.pk}/prices.pdf">Prices</a>' in html
    assert 'alt="Joint"' in html
    assert 'srcset="http://testserver/' in html
    assert '<iframe src="https://www.youtube.com/embed/workshop"></iframe>' in html
    assert "embedtype" not in html


def test_video_blocks_carry_the_embed_html(client, home, video):
    page = StandardPageFactory(
        parent=home,
        slug="video",
        body=[{"type": "video", "value": {"video": VIDEO_URL, "caption": "Workshop tour"}}],
    )
    value = client.get(f"/api/v1/pages/{page.pk}/").json()["body"][0]["value"]
    assert value["caption"] == "Workshop tour"
    assert value["video"]["html"].startswith("<iframe")
    assert value["video"]["provider_name"] == "YouTube"


def test_settings_carry_the_business_details(client, home):
    from sites.models import SiteSettings

    logo = ImageFactory(alt_text="Brandt logo")
    SiteSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        business_name="Brandt Carpentry",
        legal_name="Brandt Carpentry GmbH",
        phone="+49 761 123456",
        email="hello@brandt.example",
        logo=logo,
        opening_hours=[{"type": "period", "value": {"days": "Mon–Fri", "hours": "8–17"}}],
        social_links=[
            {"type": "link", "value": {"platform": "instagram", "url": "https://i.example/b"}}
        ],
        frontend_base_url="https://www.brandt.example",
    )
    data = client.get("/api/v1/settings/").json()
    assert data["legal_name"] == "Brandt Carpentry GmbH"
    assert data["logo"]["alt"] == "Brandt logo"
    assert data["opening_hours"] == [{"days": "Mon–Fri", "hours": "8–17"}]
    assert data["social_links"] == [{"platform": "instagram", "url": "https://i.example/b"}]


def test_absolute_page_urls_use_the_frontend_base_url(client, home):
    from sites.models import SiteSettings

    SiteSettings.objects.create(
        site=Site.objects.get(is_default_site=True), frontend_base_url="https://www.brandt.example/"
    )
    about = StandardPageFactory(parent=home, slug="about")
    data = client.get(f"/api/v1/pages/{about.pk}/").json()
    assert data["path"] == "/about/"
    assert data["url"] == "https://www.brandt.example/about/"


def test_an_image_is_served_only_to_the_site_that_uses_it(
    client, home, django_capture_on_commit_callbacks
):
    from cms.provisioning import client_site_create
    from sites.models import SiteSettings

    florist = client_site_create(name="Florist", hostname="florist.example")
    florist_logo = ImageFactory(collection=florist.collection)
    florist_settings = SiteSettings.objects.get(site=florist.site)
    florist_settings.logo = florist_logo
    florist_settings.save()
    used_on_carpentry = ImageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        StandardPageFactory(parent=home, slug="photo", hero_image=used_on_carpentry)
    unused = ImageFactory()

    def status(image, site):
        return client.get(f"/api/v1/images/{image.pk}/?site={site}").status_code

    assert status(florist_logo, "florist.example") == 200
    assert status(florist_logo, "localhost") == 404
    assert status(used_on_carpentry, "localhost") == 200
    assert status(used_on_carpentry, "florist.example") == 404
    assert status(unused, "localhost") == 404


def test_an_upload_in_a_clients_collection_stays_private_until_shown(
    client, django_capture_on_commit_callbacks
):
    from cms.provisioning import client_site_create

    florist = client_site_create(name="Florist", hostname="florist.example")
    upload = ImageFactory(collection=florist.collection)

    def answers():
        return (
            client.get(f"/api/v1/images/{upload.pk}/?site=florist.example").status_code,
            client.get(f"/media-pipeline/{upload.pk}/original/320.webp").status_code,
        )

    assert answers() == (404, 404)
    draft = StandardPageFactory(parent=florist.home, slug="roses", live=False, hero_image=upload)
    assert answers() == (404, 404)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert answers()[0] == 200
    assert answers()[1] == 302


def test_testimonials_and_team_of_the_site_only(client, home, django_capture_on_commit_callbacks):
    from cms.content.models import TeamMember, Testimonial
    from cms.provisioning import client_site_create

    florist = client_site_create(name="Florist", hostname="florist.example")
    site = Site.objects.get(is_default_site=True)
    Testimonial.objects.create(site=site, quote="Lovely stairs", author="Anna", role="Client")
    Testimonial.objects.create(site=florist.site, quote="Lovely roses", author="Berta")
    photo = ImageFactory()
    TeamMember.objects.create(site=site, name="Lena", role="Master carpenter", photo=photo)
    quotes = client.get("/api/v1/testimonials/?site=localhost").json()["items"]
    assert [(q["quote"], q["author"], q["role"]) for q in quotes] == [
        ("Lovely stairs", "Anna", "Client")
    ]
    team = client.get("/api/v1/team/?site=localhost").json()["items"]
    assert [member["name"] for member in team] == ["Lena"]
    assert team[0]["photo"]["id"] == photo.pk
    assert client.get(f"/api/v1/images/{photo.pk}/?site=localhost").status_code == 200
    assert client.get("/api/v1/team/?site=florist.example").json()["items"] == []


def test_a_fresh_installations_welcome_page_is_not_found_rather_than_an_error(client):
    # Wagtail's migrations make the default site's root a bare Page, which no
    # page type of ours describes.
    welcome = Site.objects.get(is_default_site=True).root_page
    assert type(welcome.specific) is Page
    by_id = client.get(f"/api/v1/pages/{welcome.pk}/?site=localhost")
    by_path = client.get("/api/v1/pages/by-path/?path=/&site=localhost")
    assert (by_id.status_code, by_id.json()["error"]["code"]) == (404, "page_not_found")
    assert by_path.status_code == 404
