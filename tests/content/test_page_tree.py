import pytest
from django.urls import reverse
from wagtail.models import Page

from cms.content.models import (
    ContactPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ProjectIndexPage,
    ProjectPage,
    StandardPage,
)
from tests.content.factories import (
    ContactPageFactory,
    NewsIndexPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    StandardPageFactory,
)

pytestmark = pytest.mark.django_db


def test_home_page_may_only_start_a_site_at_the_tree_root(home):
    assert HomePage.can_create_at(Page.get_first_root_node())
    assert not HomePage.can_create_at(home)
    assert not HomePage.can_create_at(StandardPageFactory(parent=home))


@pytest.mark.parametrize("page_type", [StandardPage, ProjectIndexPage, NewsIndexPage, ContactPage])
def test_sections_are_created_under_the_home_page(home, page_type):
    assert page_type.can_create_at(home)
    assert not page_type.can_create_at(Page.get_first_root_node())


def test_projects_live_only_in_the_project_index(home):
    index = ProjectIndexPageFactory(parent=home)
    assert ProjectPage.can_create_at(index)
    assert not ProjectPage.can_create_at(home)
    assert not ProjectPage.can_create_at(StandardPageFactory(parent=home))
    project = ProjectPageFactory(parent=index)
    assert ProjectPage.allowed_subpage_models() == []
    assert not StandardPage.can_create_at(project)


def test_news_posts_live_only_in_the_news_index(home):
    index = NewsIndexPageFactory(parent=home)
    assert NewsPage.can_create_at(index)
    assert not NewsPage.can_create_at(home)
    assert not ProjectPage.can_create_at(index)


def test_standard_pages_nest_for_services_and_their_subpages(home):
    services = StandardPageFactory(parent=home, title="Services")
    assert StandardPage.can_create_at(services)
    assert not ProjectPage.can_create_at(services)


@pytest.mark.parametrize(
    ("page_type", "factory"),
    [
        (ProjectIndexPage, ProjectIndexPageFactory),
        (NewsIndexPage, NewsIndexPageFactory),
        (ContactPage, ContactPageFactory),
    ],
)
def test_a_site_has_at_most_one_of_each_section_page(home, page_type, factory):
    factory(parent=home)
    assert not page_type.can_create_at(home)


def test_a_second_site_can_have_its_own_singletons(home):
    """Singletons are per site, so an agency can host several businesses."""
    ProjectIndexPageFactory(parent=home)
    other_home = HomePage(title="Other business", slug="other-business")
    Page.get_first_root_node().add_child(instance=other_home)
    assert ProjectIndexPage.can_create_at(other_home)


def test_admin_refuses_to_add_a_project_outside_the_project_index(owner_client, home):
    url = reverse("wagtailadmin_pages:add", args=("content", "projectpage", home.pk))
    response = owner_client.post(
        url, {"title": "Misplaced", "slug": "misplaced", "summary": "x", "action-publish": "1"}
    )
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert not ProjectPage.objects.exists()


def test_admin_offers_only_the_allowed_page_types_under_home(owner_client, home):
    ProjectIndexPageFactory(parent=home)
    response = owner_client.get(reverse("wagtailadmin_pages:add_subpage", args=(home.pk,)))
    assert response.status_code == 200
    offered = {name for name, *_ in response.context["page_types"]}
    assert offered == {"Standard page", "News index page", "Contact page"}
