"""Remove GPS position and other personal metadata from an uploaded original.

The stored original keeps its pixels, so wherever the container allows it
the metadata is cut out or blanked in place instead of re-encoding:

- JPEG: the APPn segments that carry EXIF, XMP, IPTC and Photoshop data,
  comments, and anything after the image (phones append depth maps and
  other pictures with their own EXIF there) are dropped; JFIF, the ICC
  profile and Adobe's colour transform marker stay. A photo the camera
  stored sideways (EXIF orientation) is the exception: it is re-encoded
  upright once at quality 95, so that its width, height and focal point
  mean what the editor sees, in Wagtail's admin as in every rendition.
- PNG: text, time and eXIf chunks are dropped; colour chunks stay.
- WebP, AVIF, HEIC: the EXIF block is overwritten in place by a minimal one
  of the same length that keeps only the orientation, and XMP by spaces;
  lengths and offsets inside the container stay valid. Where a block cannot
  be found in the bytes (Pillow's AVIF writer moves the orientation out of
  the EXIF it stores, so what it reports differs from what is there), the
  image is re-encoded upright at quality 95 without metadata.
- GIF carries no EXIF; it is stored as uploaded.
"""

import io

from PIL import Image, ImageOps
from PIL.JpegImagePlugin import get_sampling

ORIENTATION = 0x0112
_JPEG_KEEP_APP = {0xE0, 0xE2, 0xEE}  # JFIF, ICC profile (APP2), Adobe (APP14)
_PNG_DROP_CHUNKS = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}
_EXIF_HEADER = b"Exif\x00\x00"


def original_sanitise(*, data: bytes, format: str) -> bytes:
    """``data`` without personal metadata; ``format`` is Pillow's name for it."""
    if format == "JPEG":
        image = Image.open(io.BytesIO(data))
        if image.getexif().get(ORIENTATION, 1) != 1:
            return _jpeg_upright(image=image)
        return _jpeg_strip(data=data)
    if format == "PNG":
        return _png_strip(data=data)
    if format in ("WEBP", "AVIF", "HEIF"):
        return _blank_in_place(data=data, format=format)
    return data


def _jpeg_upright(*, image: Image.Image) -> bytes:
    sampling = get_sampling(image)
    upright = ImageOps.exif_transpose(image)
    buffer = io.BytesIO()
    upright.save(
        buffer,
        "JPEG",
        quality=95,
        subsampling=sampling if sampling != -1 else "4:2:0",
        icc_profile=image.info.get("icc_profile"),
    )
    return buffer.getvalue()


def _jpeg_strip(*, data: bytes) -> bytes:
    out = [data[:2]]
    pos = 2
    while pos + 4 <= len(data):
        marker = data[pos + 1]
        if data[pos] != 0xFF:
            raise ValueError("Not a JPEG segment")
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA:  # start of scan: image data up to the end-of-image marker
            end = data.find(b"\xff\xd9", pos)
            out.append(data[pos : end + 2] if end != -1 else data[pos:])
            break
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        segment = data[pos : pos + 2 + length]
        is_metadata = (0xE0 <= marker <= 0xEF and marker not in _JPEG_KEEP_APP) or marker == 0xFE
        # APP2 also carries the multi-picture index (MPF), which points at
        # the appended pictures that are dropped here.
        if not is_metadata and not (marker == 0xE2 and segment[4:8] == b"MPF\x00"):
            out.append(segment)
        pos += 2 + length
    return b"".join(out)


def _png_strip(*, data: bytes) -> bytes:
    out = [data[:8]]
    pos = 8
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if kind not in _PNG_DROP_CHUNKS:
            out.append(data[pos : pos + 12 + length])
        pos += 12 + length
    return b"".join(out)


def _blank_in_place(*, data: bytes, format: str) -> bytes:
    image = Image.open(io.BytesIO(data))
    result = bytearray(data)
    exif = image.info.get("exif")
    if exif:
        tiff = exif.removeprefix(_EXIF_HEADER)
        start = _find_similar(haystack=data, needle=tiff)
        if start is None:
            return _reencode(image=image, format=format)
        raw = data[start : start + len(tiff)]
        found = Image.Exif()
        found.load(_EXIF_HEADER + raw)
        minimal = Image.Exif()
        if ORIENTATION in found:
            minimal[ORIENTATION] = found[ORIENTATION]
        replacement = minimal.tobytes().removeprefix(_EXIF_HEADER)
        result[start : start + len(raw)] = replacement.ljust(len(raw), b"\x00")
    xmp = image.info.get("xmp")
    if xmp:
        xmp = xmp.encode() if isinstance(xmp, str) else xmp
        start = data.find(xmp)
        if start == -1:
            return _reencode(image=image, format=format)
        result[start : start + len(xmp)] = b" " * len(xmp)
    return bytes(result)


def _find_similar(*, haystack: bytes, needle: bytes) -> int | None:
    """Where ``needle`` is in ``haystack``, allowing a few changed bytes.

    Decoders rewrite a value or two of the EXIF they report (pillow-heif
    resets the orientation it has already applied), so an exact search
    can miss the block that is really in the file.
    """
    start = haystack.find(needle[:8])
    while start != -1:
        candidate = haystack[start : start + len(needle)]
        if len(candidate) == len(needle):
            differences = sum(a != b for a, b in zip(candidate, needle, strict=True))
            if differences <= 8:
                return start
        start = haystack.find(needle[:8], start + 1)
    return None


def _reencode(*, image: Image.Image, format: str) -> bytes:
    # Without EXIF the orientation would be lost, so it goes into the pixels.
    upright = ImageOps.exif_transpose(image)
    buffer = io.BytesIO()
    upright.save(buffer, format, quality=95, exif=b"", xmp=b"")
    return buffer.getvalue()
