"""The block library as editors meet it in the block picker."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cms.content.blocks import BodyBlock, CallToActionBlock, EditorsImagePreviewMixin
from cms.provisioning import client_site_create
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


def block_preview(client, name) -> str:
    response = client.get(
        reverse("wagtailadmin_block_preview"), {"id": BODY_BLOCKS[name].definition_prefix}
    )
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", RENDERED_IN_PREVIEW)
def test_every_block_preview_shows_real_content(admin_client, name):
    photo = ImageFactory(title="Preview photo")
    block = BODY_BLOCKS[name]
    assert block.is_previewable
    html = block_preview(admin_client, name)
    assert "site.css" in html
    if isinstance(block, EditorsImagePreviewMixin):
        rendered = block.render(block.preview_value(photo))
        assert "<img" in rendered
    else:
        rendered = block.render(block.get_preview_value())
    assert len(rendered) > 20
    assert rendered in html


IMAGE_BLOCKS = [
    name for name, block in BODY_BLOCKS.items() if isinstance(block, EditorsImagePreviewMixin)
]


@pytest.mark.parametrize("name", IMAGE_BLOCKS)
def test_image_block_previews_show_the_editors_own_photo_or_a_drawing(client, name):
    other = client_site_create(name="Other Florist", hostname="other.example")
    own = client_site_create(name="Own Carpentry", hostname="own.example")
    bare = client_site_create(name="New Bakery", hostname="bakery.example")
    others_photo = ImageFactory(title="Other client's roses", collection=other.collection)
    own_photo = ImageFactory(title="Our staircase", collection=own.collection)

    def preview_as(client_site) -> str:
        editor = get_user_model().objects.create_user(username=f"editor-{client_site.site.pk}")
        editor.groups.add(client_site.editors)
        client.force_login(editor)
        return block_preview(client, name)

    own_preview = preview_as(own)
    assert f'alt="{own_photo.alt_text}"' in own_preview
    bare_preview = preview_as(bare)
    for preview in (own_preview, bare_preview):
        assert others_photo.alt_text not in preview
    assert "<img" not in bare_preview
    assert 'class="image-placeholder"' in bare_preview


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
