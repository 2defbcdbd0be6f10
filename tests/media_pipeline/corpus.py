"""Hostile and awkward image files, made with Pillow so the suite needs no downloads."""

import io
import struct
import zlib

from PIL import Image, ImageDraw, ImageFilter

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo(size=(1200, 800)) -> Image.Image:
    """A photo-like picture: gradients, shapes with edges, fine grain."""
    width, height = size
    grain = [Image.effect_noise(size, 40) for _ in range(3)]
    picture = Image.merge("RGB", grain).filter(ImageFilter.GaussianBlur(1))
    sky = Image.linear_gradient("L").resize(size)
    tint = Image.new("RGB", size, (150, 100, 60))
    picture = Image.blend(Image.composite(tint, picture, sky), picture, 0.3)
    draw = ImageDraw.Draw(picture)
    for i in range(12):
        x = width * i // 12
        draw.rectangle((x, height // 3, x + width // 30, height), fill=(90 + i * 10, 60, 30))
    return picture


def exif_with_gps(*, orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)})
    return exif


def encode(image: Image.Image, format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def rotated_phone_jpeg() -> bytes:
    """Stored landscape 1200x800, to be shown portrait (EXIF orientation 6), with GPS."""
    return encode(photo(), "JPEG", quality=90, exif=exif_with_gps(orientation=6))


def multi_picture_jpeg() -> bytes:
    """What many phones write: the photo plus a second picture (MPO), with GPS."""
    gain_map = photo((300, 200))
    return encode(photo(), "MPO", save_all=True, append_images=[gain_map], exif=exif_with_gps())


def cmyk_jpeg() -> bytes:
    return encode(photo().convert("CMYK"), "JPEG", quality=90)


def png_16_bit() -> bytes:
    """A horizontal gradient over the full 16-bit range, black to white."""
    gradient = Image.linear_gradient("L").rotate(90).resize((600, 400)).convert("I")
    return encode(gradient.point(lambda value: value * 257).convert("I;16"), "PNG")


def png_with_alpha() -> bytes:
    image = photo((600, 400)).convert("RGBA")
    image.putalpha(Image.linear_gradient("L").resize((600, 400)))
    return encode(image, "PNG")


def animated_gif(frames: int = 3) -> bytes:
    images = [Image.new("RGB", (200, 100), (i * 20 % 256, 90, 160)) for i in range(frames)]
    return encode(images[0], "GIF", save_all=True, append_images=images[1:], duration=100)


def heic() -> bytes:
    return encode(photo((800, 600)), "HEIF", quality=80, exif=exif_with_gps())


def truncated_jpeg() -> bytes:
    data = encode(photo(), "JPEG", quality=90)
    return data[: len(data) // 2]


def decompression_bomb() -> bytes:
    """A 60000x60000 PNG header (3.6 gigapixels) over a few bytes of data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


def svg_with_script() -> bytes:
    return (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
    )


def html_named_jpeg() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
