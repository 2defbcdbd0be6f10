"""A tiny blurred preview a frontend can inline while the real image loads.

A 16-pixel-wide WebP, blurred before encoding so the encoder spends no
bytes on detail nobody will see, as a ``data:`` URI: typically 150-400
bytes, well under the 1 KB budget, and every browser that shows our WebP
renditions can show it. A thumbhash would be a few bytes smaller but needs
JavaScript to decode; a data URI works in a plain ``<img>`` or CSS.
"""

import base64
import io

from PIL import Image, ImageFilter

PLACEHOLDER_WIDTH = 16
PLACEHOLDER_QUALITY = 40


def placeholder_make(*, image: Image.Image) -> str:
    """A data URI of a blurred miniature of an upright sRGB ``image``."""
    width = min(PLACEHOLDER_WIDTH, image.width)
    height = max(1, round(image.height * width / image.width))
    small = image.resize((width, height), Image.Resampling.BOX, reducing_gap=2.0)
    small = small.filter(ImageFilter.GaussianBlur(radius=1))
    buffer = io.BytesIO()
    small.save(buffer, "WEBP", quality=PLACEHOLDER_QUALITY, method=6)
    return "data:image/webp;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
