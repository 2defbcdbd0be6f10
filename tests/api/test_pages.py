"""What a frontend gets for pages: typed JSON it can use as it is."""

import pytest
from django.core.files.storage import default_storage
from wagtail.models import Page, PageViewRestriction, Site

from cms.content.models import HomePage
from tests.content.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    StandardPageFactory,
)
from tests.media_pipeline.factories import ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(home):
    return ProjectIndexPageFactory(parent=home, show_in_menus=True)


@pytest.fixture
def other_site(db):
    other_home = HomePage(title="Other Florist", slug="other-florist")
    Page.get_first_root_node().add_child(instance=other_home)
    Site.objects.create(hostname="florist.example", port=80, root_page=other_home)
    return other_home


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_project_page_by_path_has_everything_a_frontend_shows(client, projects):
    hero, photo = ImageFactory(title="Hero"), ImageFactory(title="Detail")
    project = ProjectPageFactory(
        parent=projects,
        title="Oak kitchen",
        slug="oak-kitchen",
        hero_image=hero,
        seo_title="Oak kitchen in Freiburg",
        search_description="A kitchen in oak.",
        body=[
            {"type": "heading", "value": {"text": "The brief", "level": "h2"}},
            {"type": "quote", "value": {"quote": "Great", "author": "Anna", "role": "Client"}},
        ],
    )
    project.categories.add("kitchen")
    project.materials.create(name="oak", sort_order=0)
    project.gallery_images.create(image=photo, caption="Handles", sort_order=0)
    project.save()

    data = get_json(client, "/api/v1/pages/by-path/?path=/projects/oak-kitchen/")

    assert data["id"] == project.pk
    assert data["type"] == "content.ProjectPage"
    assert data["path"] == "/projects/oak-kitchen/"
    assert data["url"] == "http://localhost/projects/oak-kitchen/"
    assert data["locale"] == "de"
    assert data["seo"]["title"] == "Oak kitchen in Freiburg"
    assert data["seo"]["description"] == "A kitchen in oak."
    assert data["seo"]["image"]["id"] == hero.pk
    assert data["hero_image"]["id"] == hero.pk
    assert [crumb["path"] for crumb in data["breadcrumbs"]] == ["/", "/projects/"]
    assert data["categories"] == ["kitchen"]
    assert data["materials"] == ["oak"]
    assert data["gallery"][0]["caption"] == "Handles"
    assert data["gallery"][0]["image"]["id"] == photo.pk
    assert [block["type"] for block in data["body"]] == ["heading", "quote"]
    assert data["body"][0]["value"] == {"text": "The brief", "level": "h2"}
    assert data["body"][1]["id"]


def test_every_image_comes_with_a_responsive_set_of_working_absolute_urls(client, projects):
    image = ImageFactory(title="Stairs", alt_text="Oak stairs", file__width=1000, file__height=800)
    page = StandardPageFactory(
        parent=projects.get_parent(),
        slug="stairs",
        body=[{"type": "image", "value": {"image": image.pk, "caption": "Stairs"}}],
    )
    data = get_json(client, f"/api/v1/pages/{page.pk}/")
    value = data["body"][0]["value"]
    assert value["caption"] == "Stairs"
    image_json = value["image"]
    assert image_json["alt"] == "Oak stairs"
    assert (image_json["width"], image_json["height"]) == (1000, 800)
    assert set(image_json["srcset"]) == {"avif", "webp", "jpeg"}
    widths = [entry.split()[-1] for entry in image_json["srcset"]["webp"].split(", ")]
    assert widths == ["320w", "480w", "640w", "960w"], "never wider than the original"

    for url in [image_json["src"], *image_json["srcset"]["webp"].split(", ")]:
        url = url.split()[0]
        assert url.startswith("http://testserver/")
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 302
        file_path = response.url.removeprefix("/media/")
        assert default_storage.exists(file_path)


def test_rich_text_links_become_frontend_paths(client, home, other_site):
    about = StandardPageFactory(parent=home, slug="about")
    florist_page = StandardPageFactory(parent=other_site, slug="flowers")
    draft = StandardPageFactory(parent=home, slug="draft", live=False)
    text = (
        f'<p><a linktype="page" id="{about.pk}">About</a> '
        f'<a linktype="page" id="{florist_page.pk}">Flowers</a> '
        f'<a linktype="page" id="{draft.pk}">Secret</a> '
        '<a href="https://example.com/">Out</a></p>'
    )
    page = StandardPageFactory(
        parent=home, slug="links", body=[{"type": "paragraph", "value": text}]
    )

    html = get_json(client, f"/api/v1/pages/{page.pk}/?site=localhost")["body"][0]["value"]

    assert '<a href="/about/">About</a>' in html
    assert '<a href="http://florist.example/flowers/">Flowers</a>' in html
    assert "<a>Secret</a>" in html, "a link to an unpublished page loses its target"
    assert '<a href="https://example.com/">Out</a>' in html
    assert "linktype" not in html


def test_page_chooser_values_are_links_the_frontend_can_use(client, home):
    contact = StandardPageFactory(parent=home, slug="contact", title="Contact")
    cta = {"title": "Call", "text": "", "button_label": "Go", "page": contact.pk, "url": ""}
    page = StandardPageFactory(
        parent=home, slug="cta", body=[{"type": "call_to_action", "value": cta}]
    )
    value = get_json(client, f"/api/v1/pages/{page.pk}/")["body"][0]["value"]
    assert value["page"]["path"] == "/contact/"
    assert value["page"]["title"] == "Contact"
    assert value["href"] == "/contact/"


def test_listing_filters_orders_and_pages_through_results(client, home, projects):
    news = NewsIndexPageFactory(parent=home)
    for n in range(5):
        project = ProjectPageFactory(parent=projects, title=f"Project {n}", slug=f"project-{n}")
        if n % 2:
            project.categories.add("stairs")
            project.save()
    NewsPageFactory(parent=news, title="News")

    data = get_json(client, "/api/v1/pages/?type=content.ProjectPage&order=-title&limit=2")
    assert data["count"] == 5
    assert [item["title"] for item in data["items"]] == ["Project 4", "Project 3"]
    data = get_json(client, "/api/v1/pages/?type=ProjectPage&order=-title&limit=2&offset=4")
    assert [item["title"] for item in data["items"]] == ["Project 0"]

    assert get_json(client, f"/api/v1/pages/?child_of={projects.pk}")["count"] == 5
    assert get_json(client, f"/api/v1/pages/?descendant_of={home.pk}")["count"] == 8
    tagged = get_json(client, "/api/v1/pages/?tag=stairs")
    assert {item["title"] for item in tagged["items"]} == {"Project 1", "Project 3"}
    summary = get_json(client, "/api/v1/pages/?type=ProjectPage&limit=1")["items"][0]
    assert set(summary) == {
        "id",
        "type",
        "title",
        "slug",
        "path",
        "url",
        "locale",
        "intro",
        "thumbnail",
        "first_published_at",
        "last_published_at",
    }
    assert summary["intro"] == "A kitchen in solid oak."


def test_search_finds_published_pages_of_the_site(
    client, home, projects, other_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ProjectPageFactory(parent=projects, title="Walnut sideboard", slug="walnut")
        ProjectPageFactory(parent=projects, title="Walnut draft", slug="walnut-draft", live=False)
        StandardPageFactory(parent=other_site, title="Walnut flowers", slug="walnut-flowers")
    data = get_json(client, "/api/v1/pages/?site=localhost&search=walnut")
    assert [item["title"] for item in data["items"]] == ["Walnut sideboard"]


@pytest.fixture
def hidden_pages(home, projects, other_site):
    """Pages that exist but that no visitor of the carpentry site may see."""
    draft = ProjectPageFactory(parent=projects, title="Draft project", slug="draft", live=False)
    members = StandardPageFactory(parent=home, title="Members", slug="members", show_in_menus=True)
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    members_child = StandardPageFactory(parent=members, title="Members child", slug="inner")
    florist = StandardPageFactory(
        parent=other_site, title="Florist page", slug="florist", show_in_menus=True
    )
    return [draft, members, members_child, florist]


def test_hidden_pages_never_appear(client, hidden_pages):
    hidden_ids = {page.pk for page in hidden_pages}
    listing = get_json(client, "/api/v1/pages/?site=localhost&limit=100")
    assert listing["count"] == 2
    assert hidden_ids.isdisjoint(item["id"] for item in listing["items"])
    sitemap = get_json(client, "/api/v1/sitemap/?site=localhost")
    assert hidden_ids.isdisjoint(item["id"] for item in sitemap["items"])
    navigation = get_json(client, "/api/v1/navigation/?site=localhost")
    assert [item["title"] for item in navigation["items"]] == ["Projects"]
    for page in hidden_pages:
        get_json(client, f"/api/v1/pages/{page.pk}/?site=localhost", status=404)
    for path in ("/projects/draft/", "/members/", "/members/inner/", "/florist/"):
        url = f"/api/v1/pages/by-path/?site=localhost&path={path}"
        error = get_json(client, url, status=404)
        assert error["error"]["code"] == "page_not_found"


def test_each_site_is_asked_for_by_hostname(client, home, other_site):
    StandardPageFactory(parent=other_site, title="Roses", slug="roses")
    error = get_json(client, "/api/v1/pages/", status=400)
    assert error["error"]["code"] == "site_required"
    data = get_json(client, "/api/v1/pages/by-path/?site=florist.example&path=/roses/")
    assert data["title"] == "Roses"
    assert data["url"] == "http://florist.example/roses/"
    error = get_json(client, "/api/v1/pages/?site=unknown.example", status=404)
    assert error["error"]["code"] == "site_not_found"


def test_navigation_is_the_menu_tree(client, home):
    services = StandardPageFactory(
        parent=home, title="Services", slug="services", show_in_menus=True
    )
    StandardPageFactory(parent=services, title="Stairs", slug="stairs", show_in_menus=True)
    StandardPageFactory(parent=services, title="Hidden", slug="hidden", show_in_menus=False)
    StandardPageFactory(parent=home, title="Imprint", slug="imprint", show_in_menus=False)
    items = get_json(client, "/api/v1/navigation/")["items"]
    assert items == [
        {
            "id": services.pk,
            "title": "Services",
            "path": "/services/",
            "url": "http://localhost/services/",
            "alternates": [
                {"locale": "de", "path": "/services/", "url": "http://localhost/services/"}
            ],
            "children": [
                {
                    "id": services.get_children().get(slug="stairs").pk,
                    "title": "Stairs",
                    "path": "/services/stairs/",
                    "url": "http://localhost/services/stairs/",
                    "alternates": [
                        {
                            "locale": "de",
                            "path": "/services/stairs/",
                            "url": "http://localhost/services/stairs/",
                        }
                    ],
                    "children": [],
                }
            ],
        }
    ]
