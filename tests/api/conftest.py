import pytest

from tests.content.factories import StandardPageFactory
from tests.media_pipeline.factories import ImageFactory


def rich_body(*, blocks: int, images: list, link_targets: list) -> list[dict]:
    """A body of `blocks` blocks that use the given images and link to the given pages."""
    body = []
    for n in range(blocks):
        image = images[n % len(images)]
        target = link_targets[n % len(link_targets)]
        kind = n % 5
        if kind == 0:
            value = {"type": "image", "value": {"image": image.pk, "caption": f"Photo {n}"}}
        elif kind == 1:
            text = f'<p>See <a linktype="page" id="{target.pk}">{target.title}</a>.</p>'
            value = {"type": "paragraph", "value": text}
        elif kind == 2:
            items = [{"image": image.pk, "caption": "a"}, {"image": images[0].pk, "caption": "b"}]
            value = {"type": "gallery", "value": {"title": "Gallery", "images": items}}
        elif kind == 3:
            value = {
                "type": "call_to_action",
                "value": {
                    "title": "Go",
                    "text": "",
                    "button_label": "Go",
                    "page": target.pk,
                    "url": "",
                },
            }
        else:
            value = {
                "type": "text_with_image",
                "value": {
                    "text": f'<p><a linktype="page" id="{target.pk}">more</a></p>',
                    "image": image.pk,
                    "image_position": "left",
                },
            }
        body.append(value)
    return body


@pytest.fixture
def make_rich_page(home):
    def make(*, blocks: int, slug: str, images: int = 4, links: int = 3):
        photos = [ImageFactory() for _ in range(images)]
        targets = [StandardPageFactory(parent=home) for _ in range(links)]
        return StandardPageFactory(
            parent=home,
            slug=slug,
            title=f"Page with {blocks} blocks",
            body=rich_body(blocks=blocks, images=photos, link_targets=targets),
        )

    return make
