"""The block library as editors meet it in the block picker."""

import pytest
from django.urls import reverse

from cms.content.blocks import BodyBlock, CallToActionBlock
from tests.media_pipeline.factories import ImageFactory

pytestmark = pytest.mark.django_db

BODY_BLOCKS = BodyBlock().child_blocks
# The video preview has its own template: it must not fetch from the provider.
RENDERED_IN_PREVIEW = [name for name in BODY_BLOCKS if name != "video"]


def test_block_library_has_everything_a_small_business_page_needs():
    assert set(BODY_BLOCKS) == {
        "heading",
        "paragraph",
        "image",
        "gallery",
        "quote",
        "call_to_action",
        "text_with_image",
        "video",
        "faq",
        "facts",
    }


@pytest.mark.parametrize("name", list(BODY_BLOCKS))
def test_every_block_explains_itself_in_the_picker(name):
    block = BODY_BLOCKS[name]
    assert block.meta.icon not in ("", "placeholder")
    assert len(block.get_description()) > 20


@pytest.mark.parametrize("name", RENDERED_IN_PREVIEW)
def test_every_block_preview_shows_real_content(admin_client, name):
    ImageFactory(title="Preview photo")
    block = BODY_BLOCKS[name]
    assert block.is_previewable
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "site.css" in html
    rendered = block.render(block.get_preview_value())
    assert len(rendered) > 20
    assert rendered in html


def test_call_to_action_needs_a_page_or_an_address_but_not_both(home):
    block = CallToActionBlock()
    base = {"title": "Call us", "button_label": "Go"}
    with pytest.raises(Exception, match="StructBlock"):
        block.clean(block.to_python({**base, "url": "", "page": None}))
    with pytest.raises(Exception, match="StructBlock"):
        block.clean(block.to_python({**base, "url": "https://example.com", "page": home.pk}))
    assert block.clean(block.to_python({**base, "url": "", "page": home.pk})).link_url == home.url
    value = block.clean(block.to_python({**base, "url": "https://example.com/", "page": None}))
    assert value.link_url == "https://example.com/"


def test_the_video_preview_shows_a_player_frame_without_fetching(admin_client):
    block = BODY_BLOCKS["video"]
    assert block.is_previewable
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    assert response.status_code == 200
    assert b"A tour of our workshop" in response.content
    assert b"video__placeholder" in response.content
