import datetime

import pytest

from cms.content.translation import object_translate
from tests.content.factories import ProjectIndexPageFactory, ProjectPageFactory, StandardPageFactory
from tests.media_pipeline.factories import ImageFactory


@pytest.fixture
def german_site(home):
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
