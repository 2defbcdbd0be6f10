"""Images as the delivery API hands them out: a ready responsive set with absolute URLs.

A rendition that exists is linked directly. One that does not yet is linked
through Wagtail's signed image view, which creates it on the first request
and redirects to the file, so every URL works and building the JSON never
renders an image inside the API request.
"""

from functools import lru_cache

from django.urls import reverse
from wagtail.images.models import Filter
from wagtail.images.utils import generate_signature

WIDTHS = (320, 480, 640, 960, 1280, 1920, 2560)
FORMATS = ("avif", "webp", "jpeg")
# Named crops the frontends use, as width:height ratios.
CROPS = {"hero": (16, 9), "card": (4, 3), "square": (1, 1)}
SRC_WIDTH = 1280
DEFAULT_SIZES = "100vw"


def image_data(image, *, base_url: str, crop: str | None = None) -> dict:
    """The JSON of one image; renditions must be prefetched (`prefetch_renditions()`)."""
    width, height = _output_size(image, crop)
    widths = [w for w in WIDTHS if w <= width] or [width]
    existing = {r.filter_spec: r for r in getattr(image, "prefetched_renditions", ())}

    def url(spec: str) -> str:
        rendition = existing.get(spec)
        if rendition and rendition.focal_point_key == _filter(spec).get_cache_key(image):
            path = rendition.url
        else:
            signature = generate_signature(image.pk, spec)
            path = reverse("wagtailimages_serve", args=(signature, image.pk, spec))
        return path if path.startswith(("http://", "https://")) else base_url + path

    srcset = {fmt: ", ".join(f"{url(_spec(w, fmt, crop))} {w}w" for w in widths) for fmt in FORMATS}
    src_width = max(w for w in widths if w <= max(SRC_WIDTH, widths[0]))
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "width": width,
        "height": height,
        "focal_point": _focal_point(image),
        "src": url(_spec(src_width, "jpeg", crop)),
        "srcset": srcset,
        "sizes": DEFAULT_SIZES,
        "placeholder": None,
    }


@lru_cache(maxsize=512)
def _filter(spec: str) -> Filter:
    # Wagtail parses a spec's operations on every new Filter; a page asks for
    # the same few dozen specs again and again.
    return Filter(spec)


def rendition_specs(*, crops) -> list[str]:
    """Every filter spec the given crops can use, to prefetch only those renditions."""
    return [_spec(width, fmt, crop) for crop in crops for width in WIDTHS for fmt in FORMATS]


def _output_size(image, crop: str | None) -> tuple[int, int]:
    if crop not in CROPS:
        return image.width, image.height
    ratio_w, ratio_h = CROPS[crop]
    width = min(image.width, image.height * ratio_w // ratio_h)
    return width, width * ratio_h // ratio_w


def _spec(width: int, fmt: str, crop: str | None) -> str:
    if crop in CROPS:
        ratio_w, ratio_h = CROPS[crop]
        return f"fill-{width}x{width * ratio_h // ratio_w}-c100|format-{fmt}"
    return f"width-{width}|format-{fmt}"


def _focal_point(image) -> dict | None:
    if image.focal_point_x is None:
        return None
    return {
        "x": image.focal_point_x,
        "y": image.focal_point_y,
        "width": image.focal_point_width,
        "height": image.focal_point_height,
    }
