"""How the delivery API describes an image: ready-to-use responsive sources.

Every URL handed out works: a rendition that exists is linked directly (its
storage URL, on S3 the bucket or CDN); one that does not exist yet is linked
to ``media_pipeline:rendition``, which renders it on the first request and
redirects. Callers listing many images read the stored file names of their
renditions with them, as ``image.rendition_files`` (``(filter_spec,
focal_point_key) -> name``), so that describing them costs no query per image.
"""

from __future__ import annotations

from functools import lru_cache

from django.http import HttpRequest
from django.urls import reverse
from wagtail.images.models import AbstractImage

from media_pipeline.renditions import rendition_files_existing
from media_pipeline.specs import (
    CROPS,
    ORIGINAL,
    RenditionSpec,
    filter_for,
    rendition_specs_for_image,
)

# Without layout knowledge the image may fill the viewport; a frontend that
# knows its layout sends its own `sizes`.
DEFAULT_SIZES = "100vw"
# The `src` for browsers that ignore srcset: sharp on most screens, still light.
SRC_MAX_WIDTH = 1280


def stored_file_url(*, storage, name: str) -> str:
    """A stored file's URL. Working one out (quoting, joining) costs more than the
    rest of an image's JSON, and a page names hundreds, so the process remembers
    each, by the storage that answered: a change of settings swaps what Django's
    lazy default storage wraps. A signed URL expires, so it is never remembered."""
    if getattr(storage, "querystring_auth", False):
        return storage.url(name)
    target = getattr(storage, "_wrapped", storage)
    return _url_remembered(target, getattr(target, "base_url", None), name)


@lru_cache(maxsize=20_000)
def _url_remembered(storage, base_url, name: str) -> str:
    return storage.url(name)


def image_responsive_data(
    *,
    image: AbstractImage,
    request_or_base_url: HttpRequest | str,
    crop: str | None = None,
    sizes: str = DEFAULT_SIZES,
) -> dict:
    """``{id, title, alt, width, height, focal_point, src, srcset, sizes, placeholder}``.

    ``srcset`` maps each format to a srcset string: ``avif``, ``webp`` and
    the fallback, ``jpeg`` (``png`` instead for images with transparency).
    ``crop`` names one of ``specs.CROPS``; ``width``/``height`` are then the
    crop's.
    """
    if crop is not None and crop not in CROPS:
        raise ValueError(f"Unknown crop {crop!r}; known: {', '.join(CROPS)}")
    variant = crop or ORIGINAL
    if isinstance(request_or_base_url, str):
        base_url = request_or_base_url.rstrip("/")
    else:
        base_url = request_or_base_url.build_absolute_uri("/").rstrip("/")

    specs = rendition_specs_for_image(image=image, variants=[variant])
    stored = rendition_files_existing(image=image, specs=specs)
    storage = image.get_rendition_model()._meta.get_field("file").storage

    def url(spec: RenditionSpec) -> str:
        name = stored.get(spec)
        if name is not None:
            location = stored_file_url(storage=storage, name=name)
        else:
            filename = spec.name.split("/", 1)[1]
            location = reverse("media_pipeline:rendition", args=(image.pk, spec.variant, filename))
        return base_url + location if location.startswith("/") else location

    srcset = {}
    for spec in sorted(specs, key=lambda s: s.width):
        srcset.setdefault(spec.format, []).append(f"{url(spec)} {spec.width}w")
    fallback = specs[-1].format
    src_spec = max(
        (s for s in specs if s.format == fallback and s.width <= SRC_MAX_WIDTH),
        key=lambda s: s.width,
        default=specs[-1],
    )
    width, height = filter_for(specs[0].filter_spec).get_transform(image).size
    if crop is None:
        width, height = image.width, image.height

    focal_point = image.get_focal_point()
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.default_alt_text,
        "width": width,
        "height": height,
        "focal_point": (
            {
                "x": round(focal_point.centroid.x / image.width, 4),
                "y": round(focal_point.centroid.y / image.height, 4),
            }
            if focal_point
            else None
        ),
        "src": url(src_spec),
        "srcset": {fmt: ", ".join(entries) for fmt, entries in srcset.items()},
        "sizes": sizes,
        "placeholder": image.placeholder or None,
    }
