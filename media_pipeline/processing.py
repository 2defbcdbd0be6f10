"""Decode once, normalise, resize in a cascade, encode in parallel within a memory budget.

Wagtail renders each rendition on its own: it decodes the full original,
rotates and Lanczos-resizes the full-size image every time. For a set of
renditions from one photo almost all of that work is shared, so here it is
done once:

- JPEG shrink-on-load (``draft``): the decoder skips DCT coefficients and
  hands back 1/2, 1/4 or 1/8 of the pixels, as many as the largest output
  needs and no more; a 24 MP photo for a 2560-wide set decodes at 3000x2000.
- EXIF orientation, sRGB conversion (ICC profiles, CMYK) and the alpha
  decision happen once on that smaller image, in place where the mode
  stays the same, so a panorama is never held twice.
- Each width is resized from the next larger one already made, with
  Pillow's ``reducing_gap`` (a fast box reduction before Lanczos), so no
  resize reads more pixels than it must.
- Encoders run in a thread pool: Pillow releases the GIL while libavif,
  libwebp and libjpeg work, and AVIF dominates the set.

Memory: the encoders' own buffers, not the images, make a set's peak. A
2560-wide AVIF needs about 112 MB inside libavif and libaom, six times the
image it encodes. So an encode starts only while the estimated memory of
the encodes in flight fits ``ENCODE_MEMORY_BUDGET`` (one that is larger on
its own runs alone, on every core); each width's formats are encoded one
after another from that width's one image, which is released as soon as
they are done and the next width was made from it; and the decoded source
is released once the last region was cut from it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import io
import math
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageCms, ImageOps

from media_pipeline import specs

pillow_heif.register_heif_opener()

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# EXIF orientations that swap width and height.
_TRANSPOSING_ORIENTATIONS = {5, 6, 7, 8}
# Peak memory of one encode per output pixel, measured on the 2560-wide
# rendition of a 24 MP photo (libavif 1.4 with libaom 3.14: 112 MB; libwebp
# method 4: 36 MB; libjpeg-turbo with optimised tables: 14 MB).
_ENCODE_BYTES_PER_PIXEL = {"avif": 26, "webp": 9, "jpeg": 4, "png": 4}
# Room for the encodes in flight. It fits a 1920-wide AVIF beside a
# 2560-wide WebP, which keeps both cores of a small worker busy; a
# 2560-wide AVIF does not fit beside anything and runs alone.
ENCODE_MEMORY_BUDGET = 112 * 1024 * 1024
# glibc's mallopt() parameter and the size from which buffers are mapped.
_M_MMAP_THRESHOLD = -3
_MMAP_THRESHOLD_BYTES = 1024 * 1024


def allocator_return_large_buffers() -> None:
    """Make the C allocator hand buffers of 1 MB and more back to the system when freed.

    glibc keeps freed memory in per-thread arenas, and after the first large
    free it serves even multi-megabyte buffers from them. An encoder's
    100 MB freed in one worker thread then stays resident while the next
    encode in another thread allocates its own, and a set's peak grows to
    the sum of all of them (340 MB instead of 250 MB for a 24 MP photo).
    A fixed threshold maps large buffers and unmaps them on free.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_BYTES)
    except (OSError, AttributeError, TypeError):
        # Not glibc (musl, macOS): another allocator, nothing to tune.
        pass


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
    # would be a video and belongs in a video block. In place: for an
    # upright photo (most of them) the default would copy every pixel.
    ImageOps.exif_transpose(image, in_place=True)
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
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            converted = ImageCms.profileToProfile(
                image,
                source,
                _SRGB,
                renderingIntent=ImageCms.Intent.PERCEPTUAL,
                outputMode=output_mode,
                inPlace=image.mode == output_mode,
            )
            image = converted or image
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


def image_encode(*, image: Image.Image, format: str, threads: int = 1) -> bytes:
    """Encode without any metadata: no EXIF, no XMP, no ICC (the pixels are sRGB).

    ``threads`` is for AVIF only, the one encoder that can share out a
    single image: a large AVIF runs alone to stay within memory, and
    would otherwise leave the other cores idle.
    """
    buffer = io.BytesIO()
    if format == "avif":
        image.save(
            buffer,
            "AVIF",
            quality=specs.AVIF_QUALITY,
            speed=specs.AVIF_SPEED,
            max_threads=threads,
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
    file,
    size: tuple[int, int],
    targets: list[Target],
    on_encoded: Callable[[Target, bytes], object],
    workers: int | None = None,
) -> list:
    """Decode ``file`` once, render every target and pass each file to ``on_encoded``.

    ``size`` is the oriented original's, in whose pixels the targets' rects
    are. Targets sharing a rect form one cascade, largest first;
    ``on_encoded`` runs in a worker thread (e.g. to store the file while
    other encodes go on) and its results are returned. The decoding happens
    here so that nothing outside holds on to the source.
    """
    workers = workers or os.cpu_count() or 1
    min_scale = max(t.size[0] / max(1, t.rect[2] - t.rect[0]) for t in targets)
    source = image_decode(file=file, min_scale=min(1.0, min_scale))
    scale = source.width / size[0]
    cascades: dict[tuple, list[Target]] = {}
    for target in targets:
        cascades.setdefault(target.rect, []).append(target)

    gate = _MemoryGate(budget=ENCODE_MEMORY_BUDGET)
    jobs: list[Future] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for index, (rect, group) in enumerate(cascades.items()):
            current = _region(source=source, rect=rect, scale=scale)
            if index == len(cascades) - 1:
                # The largest image of all; the last region no longer needs it.
                source = None
            for width_height in sorted({t.size for t in group}, reverse=True):
                same_size = sorted(
                    (t for t in group if t.size == width_height), key=_encode_cost, reverse=True
                )
                # Admitted before resizing: while a large encode runs alone,
                # the next width does not exist yet either.
                gate.acquire(amount=_encode_cost(same_size[0]))
                if current.size != width_height:
                    current = current.resize(
                        width_height, Image.Resampling.LANCZOS, reducing_gap=3.0
                    )
                jobs.append(
                    pool.submit(_encode_same_size, current, same_size, gate, workers, on_encoded)
                )
        return [result for job in jobs for result in job.result()]


def _region(*, source: Image.Image, rect: tuple, scale: float) -> Image.Image:
    left, top, right, bottom = (round(v * scale) for v in rect)
    # Rounding may reach a pixel past the edge; crop() would pad it black.
    right, bottom = min(right, source.width), min(bottom, source.height)
    if (left, top, right, bottom) == (0, 0, source.width, source.height):
        return source
    return source.crop((left, top, right, bottom))


def _encode_cost(target: Target) -> int:
    width, height = target.size
    return width * height * _ENCODE_BYTES_PER_PIXEL[target.format]


def _encode_same_size(image, targets, gate, threads, on_encoded) -> list:
    # One format after another from the one image: Image.save() keeps its
    # options on the Image object (encoderinfo), so encodes of one image in
    # parallel would each need their own copy of the pixels.
    # The most expensive comes first, so what this job holds in the memory
    # budget only shrinks.
    results = []
    held = _encode_cost(targets[0])
    try:
        for index, target in enumerate(targets):
            data = image_encode(image=image, format=target.format, threads=threads)
            results.append(on_encoded(target, data))
            still_needed = _encode_cost(targets[index + 1]) if index + 1 < len(targets) else 0
            gate.release(amount=held - still_needed)
            held = still_needed
    finally:
        gate.release(amount=held)
    return results


class _MemoryGate:
    """Admits work while its estimated memory fits the budget; work larger than it runs alone."""

    def __init__(self, *, budget: int):
        self._budget = budget
        self._in_use = 0
        self._changed = threading.Condition()

    def acquire(self, *, amount: int) -> None:
        with self._changed:
            self._changed.wait_for(
                lambda: self._in_use == 0 or self._in_use + amount <= self._budget
            )
            self._in_use += amount

    def release(self, *, amount: int) -> None:
        with self._changed:
            self._in_use -= amount
            self._changed.notify_all()
