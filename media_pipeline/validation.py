"""Refuse uploads that could hurt, with a message an editor can act on.

The format is recognised from the bytes (Pillow restricted to the formats
we accept), never from the file name. Every check runs before anything is
stored, so a refused upload leaves nothing behind.
"""

import io
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

import media_pipeline.processing  # noqa: F401 - registers the HEIC/HEIF opener
from media_pipeline.sanitise import original_sanitise

# Pillow's format name -> the extension the stored file gets.
ACCEPTED_FORMATS = {
    "JPEG": "jpg",
    "PNG": "png",
    "WEBP": "webp",
    "AVIF": "avif",
    "GIF": "gif",
    "HEIF": "heic",
}
ACCEPTED_TEXT = "JPEG, PNG, WebP, AVIF, GIF or HEIC"
_MARKUP_STARTS = (b"<", b"\xef\xbb\xbf<")


@dataclass(frozen=True)
class UploadInfo:
    format: str
    extension: str
    width: int
    height: int
    frames: int

    @property
    def mime_type(self) -> str:
        return "image/heic" if self.format == "HEIF" else f"image/{self.format.lower()}"


def upload_prepare(*, file) -> SimpleUploadedFile:
    """Validate an upload and return what to store: metadata removed, named by its real format.

    Raises ValidationError. An API upload endpoint should call this too, so
    that the admin and the API refuse the same files with the same messages.
    """
    info = upload_validate(file=file)
    file.seek(0)
    data = original_sanitise(data=file.read(), format=info.format)
    stem = os.path.splitext(os.path.basename(file.name or ""))[0] or "image"
    return SimpleUploadedFile(f"{stem}.{info.extension}", data, content_type=info.mime_type)


def upload_validate(*, file) -> UploadInfo:
    """Check an uploaded file; raise ValidationError with a clear message if it is refused."""
    max_size = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    if file.size > max_size:
        raise ValidationError(
            f"This file is too big ({filesizeformat(file.size)}). "
            f"The limit is {filesizeformat(max_size)}.",
            code="file_too_large",
        )
    file.seek(0)
    data = file.read()
    file.seek(0)
    if data.lstrip().startswith(_MARKUP_STARTS):
        raise ValidationError(
            "This file is a web page or an SVG drawing, not a photo. "
            f"Upload a {ACCEPTED_TEXT} image.",
            code="markup_not_image",
        )
    try:
        image = Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ValidationError(
            f"This file is not an image we can use. Upload a {ACCEPTED_TEXT} image.",
            code="unsupported_format",
        ) from None

    width, height = image.size
    frames = getattr(image, "n_frames", 1)
    if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        raise _too_many_pixels(width=width, height=height)
    max_frames = settings.MEDIA_PIPELINE_MAX_FRAMES
    if frames > max_frames:
        raise ValidationError(
            f"This animation has {frames} frames. The limit is {max_frames}.",
            code="too_many_frames",
        )
    if width * height * frames > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        raise _too_many_pixels(width=width, height=height, frames=frames)

    _decode_fully(image=image)
    # Phones store extra pictures (depth maps, HDR gain maps) as MPO; the
    # photo itself is a plain JPEG, and sanitising keeps only that.
    image_format = "JPEG" if image.format == "MPO" else image.format
    return UploadInfo(
        format=image_format,
        extension=ACCEPTED_FORMATS[image_format],
        width=width,
        height=height,
        frames=frames,
    )


def _decode_fully(*, image: Image.Image) -> None:
    """Decode the pixels once: a damaged file fails here, not in a worker or the admin."""
    if image.format == "JPEG":
        # Shrink-on-load still reads all of the compressed data, so a
        # truncated file fails as it would at full size, in a fraction of the time.
        image.draft(None, (max(1, image.width // 8), max(1, image.height // 8)))
    try:
        image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            "This image file is damaged or incomplete. Export it again from the camera or "
            "photo app and upload that file.",
            code="damaged_image",
        ) from None


def _too_many_pixels(*, width=None, height=None, frames=1) -> ValidationError:
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS / 1_000_000
    size = f" ({width} × {height} pixels{f' × {frames} frames' if frames > 1 else ''})"
    return ValidationError(
        f"This image is too large{size if width else ''}. "
        f"The limit is {limit:g} megapixels; scale it down and upload it again.",
        code="too_many_pixels",
    )
