"""Drawn pictures of bouquets and gifts for the florist demo: a few flowers of
one palette on a paper backdrop, deterministic for a name."""

import functools
import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

SIZE = (1200, 900)
PALETTES = {
    "red": [(196, 30, 58), (150, 20, 40), (230, 80, 90)],
    "pink": [(240, 150, 180), (220, 100, 150), (250, 200, 215)],
    "yellow": [(250, 210, 60), (240, 170, 30), (255, 235, 140)],
    "white": [(250, 250, 245), (235, 235, 225), (255, 240, 240)],
    "purple": [(130, 80, 170), (100, 50, 140), (180, 140, 210)],
    "orange": [(245, 140, 40), (230, 100, 30), (255, 190, 110)],
    "green": [(90, 150, 80), (60, 120, 60), (150, 190, 120)],
}


def _flower(draw, centre, radius, colour, rng):
    x, y = centre
    petals = rng.randint(5, 9)
    for n in range(petals):
        angle = 2 * math.pi * n / petals + rng.random() * 0.3
        px, py = x + math.cos(angle) * radius * 0.6, y + math.sin(angle) * radius * 0.6
        r = radius * 0.55
        draw.ellipse((px - r, py - r, px + r, py + r), fill=colour)
    draw.ellipse(
        (x - radius * 0.3, y - radius * 0.3, x + radius * 0.3, y + radius * 0.3), fill=(120, 80, 30)
    )


# Like the demo's photos (cms.demo.photos): the test suite loads the florist
# demo many times in one process, and the same arguments give the same bytes.
@functools.cache
def flower_photo_jpeg(*, name: str, palette: str, vase: bool = False) -> bytes:
    """A 1200×900 JPEG of a bouquet (or a vase); the same arguments give the same bytes."""
    rng = random.Random(name)  # noqa: S311 - a picture, not a secret
    image = Image.new("RGB", SIZE, (244, 238, 228))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 640, SIZE[0], SIZE[1]), fill=(214, 200, 182))
    colours = PALETTES[palette]
    base = (600, 700)
    if vase:
        draw.polygon([(500, 700), (700, 700), (660, 380), (540, 380)], fill=colours[0])
        draw.ellipse((530, 360, 670, 400), fill=colours[1])
    for _ in range(rng.randint(7, 12)):
        top = (rng.randint(360, 840), rng.randint(150, 420))
        draw.line([base, top], fill=(70, 120, 60), width=8)
        if not vase:
            _flower(draw, top, rng.randint(55, 95), rng.choice(colours), rng)
    if vase:
        for _ in range(5):
            _flower(draw, (rng.randint(480, 720), rng.randint(180, 320)), 60, (250, 250, 240), rng)
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=84, optimize=True)
    return buffer.getvalue()
