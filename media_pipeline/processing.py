"""Decode once, normalise, resize in a cascade, encode in parallel.

Wagtail renders each rendition on its own: it decodes the full original,
rotates and Lanczos-resizes the full-size image every time. For a set of
renditions from one photo almost all of that work is shared, so here it is
done once:

- JPEG shrink-on-load (``draft``): the decoder skips DCT coefficients and
  hands back 1/2, 1/4 or 1/8 of the pixels, as many as the largest output
  needs and no more; a 24 MP photo for a 2560-wide set decodes at 3000x2000.
- EXIF orientation, sRGB conversion (ICC profiles, CMYK) and the alpha
  decision happen once on that smaller image.
- Each width is resized from the next larger one already made, with
  Pillow's ``reducing_gap`` (a fast box reduction before Lanczos), so no
  resize reads more pixels than it must.
- Encoders run in a thread pool: Pillow releases the GIL while libavif,
  libwebp and libjpeg work, and AVIF dominates the set.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageCms, ImageOps

from media_pipeline import specs

pillow_heif.register_heif_opener()

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# EXIF orientations that swap width and height.
_TRANSPOSING_ORIENTATIONS = {5, 6, 7, 8}


@dataclass(frozen=True)
class Target:
    """One output: a region of the oriented original, the output size and format."""

    key: object
    rect: tuple[float, float, float, float]
    size: tuple[int, int]
    format: str


def image_oriented_size(*, file) -> tuple[int, int]:
    """Width and height as displayed, read from the header without decoding."""
    file.seek(0)
    image = Image.open(file)
    width, height = image.size
    if image.getexif().get(0x0112) in _TRANSPOSING_ORIENTATIONS:
        width, height = height, width
    file.seek(0)
    return width, height


def image_decode(*, file, min_scale: float = 1.0) -> Image.Image:
    """Decode an image file to an upright sRGB image of at least ``min_scale`` of its size.

    Only JPEGs can skip pixels while decoding; other formats decode fully.
    """
    file.seek(0)
    image = Image.open(file)
    if image.format == "JPEG" and min_scale < 1.0:
        width, height = image.size
        if image.getexif().get(0x0112) in _TRANSPOSING_ORIENTATIONS:
            width, height = height, width
        image.draft(None, (math.ceil(width * min_scale), math.ceil(height * min_scale)))
    image.load()
    # Only the first frame of an animation is rendered; a moving hero image
    # would be a video and belongs in a video block.
    image = ImageOps.exif_transpose(image)
    return image_to_srgb(image=image)


def image_to_srgb(*, image: Image.Image) -> Image.Image:
    """An 8-bit RGB or RGBA image in sRGB, with alpha kept only if it is used."""
    icc_profile = image.info.get("icc_profile")
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        # 16-bit greyscale: scale to 8 bits instead of clipping at 255.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    elif image.mode == "F":
        image = image.convert("L")
    elif image.mode in ("1", "P", "PA", "LA", "La", "RGBa"):
        has_transparency = image.mode in ("PA", "LA", "La", "RGBa") or image.has_transparency_data
        image = image.convert("RGBA" if has_transparency else "RGB")

    if icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            image = ImageCms.profileToProfile(
                image,
                source,
                _SRGB,
                renderingIntent=ImageCms.Intent.PERCEPTUAL,
                outputMode="RGBA" if image.mode == "RGBA" else "RGB",
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            # A broken or mismatched profile: the pixels are most likely
            # sRGB already, so converting without it is the best guess.
            pass
    if image.mode == "RGBA":
        if image.getchannel("A").getextrema()[0] == 255:
            image = image.convert("RGB")
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image.info.pop("icc_profile", None)
    return image


def image_encode(*, image: Image.Image, format: str) -> bytes:
    """Encode without any metadata: no EXIF, no XMP, no ICC (the pixels are sRGB)."""
    buffer = io.BytesIO()
    if format == "avif":
        # One thread per encode: the encodes themselves run in parallel.
        image.save(
            buffer, "AVIF", quality=specs.AVIF_QUALITY, speed=specs.AVIF_SPEED, max_threads=1
        )
    elif format == "webp":
        image.save(buffer, "WEBP", quality=specs.WEBP_QUALITY, method=specs.WEBP_METHOD)
    elif format == "jpeg":
        if image.mode == "RGBA":
            background = Image.new("RGB", image.size, (255, 255, 255))
            background.paste(image, mask=image.getchannel("A"))
            image = background
        image.save(
            buffer,
            "JPEG",
            quality=specs.JPEG_QUALITY,
            optimize=True,
            progressive=True,
            subsampling="4:2:0",
        )
    elif format == "png":
        image.save(buffer, "PNG", compress_level=6)
    else:
        raise ValueError(f"Unknown rendition format {format!r}")
    return buffer.getvalue()


def targets_render(
    *,
    source: Image.Image,
    scale: float,
    targets: Iterable[Target],
    on_encoded: Callable[[Target, bytes], object],
    workers: int | None = None,
) -> list:
    """Render every target from one decoded ``source`` and pass each file to ``on_encoded``.

    ``scale`` maps oriented-original coordinates to ``source`` pixels (less
    than 1 after shrink-on-load). Targets sharing a rect form one cascade,
    largest first; ``on_encoded`` runs in the worker thread (e.g. to store
    the file while other encodes go on) and its results are returned.
    """
    cascades: dict[tuple, list[Target]] = {}
    for target in targets:
        cascades.setdefault(target.rect, []).append(target)

    futures: list[Future] = []
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        for rect, group in cascades.items():
            left, top, right, bottom = (round(v * scale) for v in rect)
            # Rounding may reach a pixel past the edge; crop() would pad it black.
            right, bottom = min(right, source.width), min(bottom, source.height)
            current = source.crop((left, top, right, bottom))
            for size in sorted({t.size for t in group}, key=lambda s: s[0], reverse=True):
                if current.size != size:
                    current = current.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
                for target in (t for t in group if t.size == size):
                    futures.append(pool.submit(_encode_one, current, target, on_encoded))
        return [future.result() for future in futures]


def _encode_one(image: Image.Image, target: Target, on_encoded):
    # Image.save() keeps its options on the Image object (encoderinfo), so
    # encodes of one size in parallel each need their own object, or one
    # format's quality leaks into another's file.
    return on_encoded(target, image_encode(image=image.copy(), format=target.format))
