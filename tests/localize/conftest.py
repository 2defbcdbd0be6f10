import datetime

import pytest

from cms.content.translation import object_translate
from tests.conftest import home_create
from tests.content.factories import ProjectIndexPageFactory, ProjectPageFactory, StandardPageFactory
from tests.media_pipeline.factories import ImageFactory
from tests.shared_rows import fresh, rolled_back


@pytest.fixture(scope="module")
def german_site_rows(django_db_setup, django_db_blocker):
    """The German site, written once for a module's tests: each test's own
    changes are rolled back to it."""
    with rolled_back(django_db_blocker):
        yield german_site_create(home_create())


@pytest.fixture
def german_site(german_site_rows, db):
    """The German site's pages as the database has them: a test that changes
    one in memory leaves the next test a page its rollback does not undo."""
    return german_site_fresh(german_site_rows)


def german_site_fresh(rows: dict) -> dict:
    pages = {name: fresh(page) for name, page in rows.items() if name != "english"}
    pages["english"] = {pk: fresh(page) for pk, page in rows["english"].items()}
    return pages


def german_site_create(home) -> dict:
    """A German site (the default language) whose projects are translated into
    English through wagtail-localize, and one page that exists only in German."""
    projects = ProjectIndexPageFactory(
        parent=home, title="Projekte", slug="projects", show_in_menus=True
    )
    kitchen = ProjectPageFactory(
        parent=projects,
        title="Eichenküche",
        slug="oak-kitchen",
        summary="Eine Küche aus massiver Eiche.",
        completion_date=datetime.date(2026, 1, 15),
        hero_image=ImageFactory(title="Küche"),
        body=[
            {"type": "image", "value": {"image": ImageFactory().pk, "alt_text": "Die Küche"}},
            {
                "type": "paragraph",
                "value": f'<p>Mehr <a linktype="page" id="{projects.pk}">Projekte</a>.</p>',
            },
        ],
    )
    only_german = StandardPageFactory(parent=home, title="Nur auf Deutsch", slug="only-german")
    texts = {
        "Test Carpentry": "Test Carpentry",
        "Projekte": "Projects",
        "Eichenküche": "Oak kitchen",
        "Eine Küche aus massiver Eiche.": "A kitchen in solid oak.",
        "Die Küche": "The kitchen",
    }
    english = {
        page.pk: object_translate(instance=page, language="en", texts=texts)
        for page in (home, projects, kitchen)
    }
    return {
        "home": home,
        "projects": projects,
        "kitchen": kitchen,
        "only_german": only_german,
        "english": english,
    }
