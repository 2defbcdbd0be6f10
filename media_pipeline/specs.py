"""Which renditions every image gets, and the encoder settings behind them.

Each rendition is named by a Wagtail filter spec (``width-640|format-webp|
webpquality-75``), so the rows we create are the ones Wagtail's own
``get_rendition()`` and ``{% image %}`` look up: the pipeline renders them
faster, Wagtail still finds them.

Qualities, chosen on a 24-megapixel photo (6000x4000, fine texture and
sensor noise, see ``benchmarks/rendition_set.py``) and checked by eye at
100 % on a phone-sized screen:

- WebP q75, method 4: the 640-wide WebP is ~35-55 KB, well under the 100 KB
  budget. Below q70 wood grain turns to blocky smears; above q80 the size
  grows ~30 % for no visible gain at phone pixel densities.
- AVIF q55 at encoder speed 8: about the visual quality of WebP q75 at
  roughly two thirds of its size. Willow always uses speed 6; speed 8
  (imgproxy's default) costs ~40 % of the time with files within 2 % and a
  barely lower SSIM, and AVIF encoding dominates the whole set.
- JPEG q80, progressive, optimised Huffman tables, 4:2:0: the fallback for
  the few browsers without WebP; q80 keeps edges clean where q76
  (Wagtail's default) starts ringing around dark joints.
- PNG (lossless) is the fallback for images with transparency, since JPEG
  has no alpha channel; WebP and AVIF keep alpha themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from wagtail.images.models import Filter

if TYPE_CHECKING:
    from wagtail.images.models import AbstractImage

WIDTHS = (320, 480, 640, 960, 1280, 1920, 2560)

AVIF_QUALITY = 55
AVIF_SPEED = 8
WEBP_QUALITY = 75
WEBP_METHOD = 4
JPEG_QUALITY = 80

# The variant every image has: the whole picture, only scaled.
ORIGINAL = "original"


@dataclass(frozen=True)
class Crop:
    name: str
    ratio_w: int
    ratio_h: int
    # Cards and squares are never shown full-screen; wider files would be
    # generated for nobody.
    max_width: int


CROPS = {
    crop.name: crop
    for crop in (
        Crop("hero", 16, 9, 2560),
        Crop("card", 4, 3, 1280),
        Crop("square", 1, 1, 1280),
    )
}

# Format -> Wagtail filter operations that select it with our quality.
FORMAT_OPERATIONS = {
    "avif": f"format-avif|avifquality-{AVIF_QUALITY}",
    "webp": f"format-webp|webpquality-{WEBP_QUALITY}",
    "jpeg": f"format-jpeg|jpegquality-{JPEG_QUALITY}",
    "png": "format-png",
}
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}


@dataclass(frozen=True)
class RenditionSpec:
    """One file of the responsive set: a variant (whole image or named crop), a width, a format."""

    variant: str
    width: int
    format: str

    @property
    def crop(self) -> Crop | None:
        return CROPS.get(self.variant)

    @property
    def filter_spec(self) -> str:
        crop = self.crop
        if crop is None:
            size = f"width-{self.width}"
        else:
            size = f"fill-{self.width}x{round(self.width * crop.ratio_h / crop.ratio_w)}"
        return f"{size}|{FORMAT_OPERATIONS[self.format]}"

    @property
    def name(self) -> str:
        """The spec's path segment in the on-demand URL, e.g. ``hero/640.webp``."""
        return f"{self.variant}/{self.width}.{EXTENSIONS[self.format]}"

    def focal_point_key(self, *, image: AbstractImage) -> str:
        return filter_for(self.filter_spec).get_cache_key(image)


@lru_cache(maxsize=1024)
def filter_for(filter_spec: str) -> Filter:
    """Wagtail's Filter for a spec, parsed once: Wagtail parses a spec's operations
    on every new Filter, and an API response asks for the same specs hundreds of times."""
    return Filter(filter_spec)


def fallback_format(*, has_alpha: bool) -> str:
    return "png" if has_alpha else "jpeg"


def variant_widths(*, image: AbstractImage, variant: str) -> list[int]:
    """The widths of a variant, never wider than the pixels the image has for it."""
    crop = CROPS.get(variant)
    if crop is None:
        available, limit = image.width, WIDTHS[-1]
    else:
        # The largest crop of that ratio that fits inside the image.
        available = min(image.width, image.height * crop.ratio_w / crop.ratio_h)
        limit = crop.max_width
    widths = [w for w in WIDTHS if w <= min(available, limit)]
    # An image narrower than the smallest width still needs one rendition.
    return widths or [int(min(available, limit))]


def rendition_specs_for_image(
    *, image: AbstractImage, variants: list[str] | None = None
) -> list[RenditionSpec]:
    """Every spec of the image's responsive set, largest first per variant."""
    formats = ("avif", "webp", fallback_format(has_alpha=image_has_alpha(image=image)))
    specs = []
    for variant in variants or [ORIGINAL, *CROPS]:
        for width in sorted(variant_widths(image=image, variant=variant), reverse=True):
            specs.extend(RenditionSpec(variant, width, fmt) for fmt in formats)
    return specs


def spec_from_name(*, image: AbstractImage, name: str) -> RenditionSpec | None:
    """The spec of this image named by an on-demand URL, or None if it is not in its set."""
    for spec in rendition_specs_for_image(image=image):
        if spec.name == name:
            return spec
    return None


def image_has_alpha(*, image: AbstractImage) -> bool:
    # Decided once at upload (see validation.py) from the decoded pixels,
    # so listing an image's specs never has to open its file.
    return bool(getattr(image, "has_alpha", False))
