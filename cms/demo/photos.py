"""Demo photos drawn with Pillow, so the repository ships no third-party images.

Each picture is a simple scene (a kitchen, a staircase, a table…) built from
procedural wood grain. The same name always gives the same picture, which
keeps the demo loader's result stable from run to run. The images are ours
and free to use (CC0).
"""

import functools
import io
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter, ImageOps

WIDTH, HEIGHT = 1600, 1067

WOOD_TONES = {
    "oak": ((121, 83, 44), (214, 174, 120)),
    "walnut": ((62, 38, 24), (146, 98, 62)),
    "ash": ((160, 135, 100), (236, 222, 196)),
    "larch": ((140, 78, 40), (222, 150, 92)),
    "spruce": ((170, 130, 80), (240, 214, 168)),
}


def wood_texture(size: tuple[int, int], wood: str, rng: random.Random) -> Image.Image:
    """Grain: noise stretched along one axis, blurred, then tinted with the wood's tones."""
    width, height = size
    noise_size = (max(4, width // 60), max(4, height))
    noise = Image.frombytes("L", noise_size, rng.randbytes(noise_size[0] * noise_size[1]))
    grain = noise.resize((width, height), Image.Resampling.BICUBIC)
    grain = grain.filter(ImageFilter.GaussianBlur(1.2))
    dark, light = WOOD_TONES[wood]
    return ImageOps.colorize(ImageOps.autocontrast(grain), dark, light)


def _backdrop(rng: random.Random) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    wall = rng.choice([(232, 228, 220), (214, 222, 226), (236, 230, 214), (200, 205, 196)])
    image = Image.new("RGB", (WIDTH, HEIGHT), wall)
    draw = ImageDraw.Draw(image)
    floor_top = int(HEIGHT * 0.78)
    draw.rectangle((0, floor_top, WIDTH, HEIGHT), fill=tuple(c - 60 for c in wall))
    return image, draw


def _paste_wood(image, box, wood, rng, mask=None):
    left, top, right, bottom = box
    texture = wood_texture((right - left, bottom - top), wood, rng)
    image.paste(texture, (left, top), mask)


def _kitchen(image, draw, wood, rng):
    counter_top, counter_bottom = int(HEIGHT * 0.45), int(HEIGHT * 0.78)
    _paste_wood(image, (80, counter_top, WIDTH - 80, counter_bottom), wood, rng)
    doors = rng.randint(4, 6)
    door_width = (WIDTH - 160) // doors
    for index in range(doors):
        left = 80 + index * door_width
        draw.rectangle(
            (left, counter_top + 40, left + door_width, counter_bottom),
            outline=(40, 30, 20),
            width=4,
        )
        draw.rectangle(
            (
                left + door_width // 2 - 30,
                counter_top + 70,
                left + door_width // 2 + 30,
                counter_top + 80,
            ),
            fill=(60, 60, 60),
        )
    draw.rectangle((60, counter_top - 20, WIDTH - 60, counter_top + 20), fill=(70, 70, 72))
    _paste_wood(image, (200, 120, WIDTH - 200, 330), wood, rng)


def _stairs(image, draw, wood, rng):
    steps = rng.randint(7, 10)
    step_height = int(HEIGHT * 0.7) // steps
    for index in range(steps):
        top = HEIGHT - (index + 1) * step_height - 60
        left = 200 + index * 110
        _paste_wood(image, (left, top, WIDTH - 150, top + 24), wood, rng)
        draw.rectangle((left, top + 24, WIDTH - 150, top + step_height), fill=(245, 245, 240))
    draw.line(
        (200, HEIGHT - 120, 200 + steps * 110, HEIGHT - 60 - steps * step_height),
        fill=(40, 40, 40),
        width=10,
    )


def _table(image, draw, wood, rng):
    top = int(HEIGHT * 0.48)
    _paste_wood(image, (220, top, WIDTH - 220, top + 60), wood, rng)
    for left in (280, WIDTH - 340):
        _paste_wood(image, (left, top + 60, left + 60, int(HEIGHT * 0.86)), wood, rng)
    for left in (420, 760, 1100):
        draw.ellipse(
            (left, top - 60, left + 90, top - 10), fill=(250, 250, 250), outline=(180, 180, 180)
        )


def _wardrobe(image, draw, wood, rng):
    left, right = 360, WIDTH - 360
    _paste_wood(image, (left, 90, right, int(HEIGHT * 0.86)), wood, rng)
    doors = rng.choice([2, 3])
    door_width = (right - left) // doors
    for index in range(doors):
        x = left + index * door_width
        draw.rectangle((x, 90, x + door_width, int(HEIGHT * 0.86)), outline=(30, 20, 10), width=5)
        draw.rectangle((x + door_width - 40, 420, x + door_width - 28, 560), fill=(190, 190, 190))


def _window(image, draw, wood, rng):
    left, top, right, bottom = 420, 120, WIDTH - 420, int(HEIGHT * 0.75)
    _paste_wood(image, (left - 40, top - 40, right + 40, bottom + 40), wood, rng)
    sky_top, sky_bottom = (120, 170, 220), (200, 225, 245)
    for y in range(top, bottom):
        ratio = (y - top) / (bottom - top)
        colour = tuple(int(a + (b - a) * ratio) for a, b in zip(sky_top, sky_bottom, strict=True))
        draw.line((left, y, right, y), fill=colour)
    draw.rectangle(
        ((left + right) // 2 - 14, top, (left + right) // 2 + 14, bottom), fill=(90, 60, 35)
    )
    draw.rectangle(
        (left, (top + bottom) // 2 - 14, right, (top + bottom) // 2 + 14), fill=(90, 60, 35)
    )


def _workshop(image, draw, wood, rng):
    tones = list(WOOD_TONES)
    top = 160
    while top < HEIGHT - 140:
        plank_height = rng.randint(50, 90)
        left = rng.randint(40, 200)
        _paste_wood(
            image,
            (left, top, WIDTH - rng.randint(40, 200), top + plank_height),
            rng.choice(tones),
            rng,
        )
        top += plank_height + rng.randint(8, 20)


SCENES: dict[str, Callable] = {
    "kitchen": _kitchen,
    "stairs": _stairs,
    "table": _table,
    "wardrobe": _wardrobe,
    "window": _window,
    "workshop": _workshop,
}


# Drawing is a quarter of loading the demo; the test suite loads it many times
# in one process, and the same arguments give the same bytes anyway.
@functools.cache
def demo_photo_jpeg(*, name: str, scene: str, wood: str) -> bytes:
    """A 1600×1067 JPEG of the scene; the same arguments always give the same bytes."""
    rng = random.Random(name)  # noqa: S311 - a picture, not a secret
    image, draw = _backdrop(rng)
    SCENES[scene](image, draw, wood, rng)
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=84, optimize=True)
    return buffer.getvalue()
