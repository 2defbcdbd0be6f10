"""Time and peak memory for one 24-megapixel photo's responsive set, three ways.

    .venv/bin/python benchmarks/rendition_set.py

- pipeline: media_pipeline's one-decode cascade (processing.targets_render)
- wagtail:  Wagtail's own get_rendition(), called spec by spec
- libvips:  pyvips doing the same set, as the outside reference (skipped
            with "libvips not available" if it is not installed)

The set is the uncropped one of specs.py: 7 widths x AVIF, WebP, JPEG with
the same qualities. Each approach runs in its own child process, so peak
memory (ru_maxrss of the child) is its own. The photo is generated: 6000x4000
with texture and sensor-like noise, EXIF orientation and a GPS position.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")


def make_photo(path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFilter

    size = (6000, 4000)
    grain = Image.merge("RGB", [Image.effect_noise(size, 28) for _ in range(3)])
    texture = Image.merge("RGB", [Image.effect_noise((750, 500), 60) for _ in range(3)])
    texture = texture.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(2))
    photo = Image.blend(texture, grain, 0.35)
    tint = Image.new("RGB", size, (170, 120, 70))
    photo = Image.blend(photo, tint, 0.45)
    draw = ImageDraw.Draw(photo)
    for i in range(40):
        x = 150 * i
        draw.rectangle((x, 1200 + (i % 5) * 80, x + 60, 4000), fill=(80 + i * 3, 55, 30))
        draw.line((0, 100 * i, 6000, 100 * i + 700), fill=(40, 30, 20), width=4)
    exif = Image.Exif()
    exif[0x0112] = 1
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)})
    photo.save(path, "JPEG", quality=92, exif=exif)


def run_pipeline(photo: Path) -> dict:
    import django

    django.setup()
    from types import SimpleNamespace

    from media_pipeline import processing, specs

    with open(photo, "rb") as file:
        width, height = processing.image_oriented_size(file=file)
        image = SimpleNamespace(width=width, height=height, has_alpha=False)
        targets = [
            processing.Target(
                key=spec,
                rect=(0, 0, width, height),
                size=(spec.width, int(height * spec.width / width)),
                format=spec.format,
            )
            for spec in specs.rendition_specs_for_image(image=image, variants=[specs.ORIGINAL])
        ]
        min_scale = max(t.size[0] for t in targets) / width
        started = time.perf_counter()
        source = processing.image_decode(file=file, min_scale=min_scale)
        results = processing.targets_render(
            source=source,
            scale=source.width / width,
            targets=targets,
            on_encoded=lambda target, data: (target.size[0], target.format, len(data)),
        )
    return {"seconds": time.perf_counter() - started, "sizes": results}


def run_wagtail(photo: Path) -> dict:
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.db import connection
    from django.db.models.signals import post_save
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    from media_pipeline import specs
    from media_pipeline.signal_handlers import post_save_enqueue_renditions

    # An in-memory database; without our handler, so that Wagtail renders everything itself.
    connection.creation.create_test_db(verbosity=0)
    post_save.disconnect(post_save_enqueue_renditions, sender=get_image_model())

    image = get_image_model().objects.create(
        title="bench",
        collection=Collection.get_first_root_node(),
        file=ContentFile(photo.read_bytes(), name="bench.jpg"),
    )
    image_specs = specs.rendition_specs_for_image(image=image, variants=[specs.ORIGINAL])
    started = time.perf_counter()
    sizes = []
    for spec in image_specs:
        rendition = image.get_rendition(spec.filter_spec)
        sizes.append((spec.width, spec.format, rendition.file.size))
    return {"seconds": time.perf_counter() - started, "sizes": sizes}


def run_libvips(photo: Path) -> dict:
    try:
        import pyvips
    except (ImportError, OSError):
        return {"error": "libvips not available"}
    import django

    django.setup()
    from media_pipeline.specs import AVIF_QUALITY, AVIF_SPEED, JPEG_QUALITY, WEBP_QUALITY, WIDTHS

    started = time.perf_counter()
    # thumbnail() shrinks on load and applies the EXIF orientation; one per width, as
    # libvips' own tools (imgproxy, thumbor-vips) do.
    sizes = []
    for width in sorted(WIDTHS, reverse=True):
        image = pyvips.Image.thumbnail(
            str(photo), width, size="down", export_profile="srgb"
        ).copy_memory()
        sizes.append(
            (
                width,
                "avif",
                len(
                    image.heifsave_buffer(
                        Q=AVIF_QUALITY, compression="av1", effort=9 - AVIF_SPEED, strip=True
                    )
                ),
            )
        )
        sizes.append((width, "webp", len(image.webpsave_buffer(Q=WEBP_QUALITY, strip=True))))
        sizes.append(
            (
                width,
                "jpeg",
                len(
                    image.jpegsave_buffer(
                        Q=JPEG_QUALITY, optimize_coding=True, interlace=True, strip=True
                    )
                ),
            )
        )
    return {"seconds": time.perf_counter() - started, "sizes": sizes}


APPROACHES = {"pipeline": run_pipeline, "wagtail": run_wagtail, "libvips": run_libvips}


def child(name: str, photo: Path) -> None:
    result = APPROACHES[name](photo)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _run_child(*args: str) -> str:
    command = [sys.executable, __file__, *args]
    return subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        photo = Path(tmp) / "photo-24mp.jpg"
        # Linux keeps ru_maxrss across exec: this process stays small so that
        # each child's peak is its own, so even the photo is made in a child.
        _run_child("--make-photo", str(photo))
        print(
            f"Photo: 6000x4000 JPEG, {photo.stat().st_size / 1e6:.1f} MB, {os.cpu_count()} cores\n"
        )
        results = {}
        for name in APPROACHES:
            output = _run_child("--child", name, str(photo))
            results[name] = json.loads(output.strip().splitlines()[-1])

    print(f"{'approach':<10} {'seconds':>8} {'peak MB':>8}")
    for name, result in results.items():
        if "error" in result:
            print(f"{name:<10} {result['error']}")
        else:
            print(f"{name:<10} {result['seconds']:8.2f} {result['peak_mb']:8.0f}")

    ok = {name: r for name, r in results.items() if "error" not in r}
    print("\nbytes per rendition (KB)")
    header = "width format " + " ".join(f"{name:>9}" for name in ok)
    print(header)
    by_key = {name: {(w, f): b for w, f, b in r["sizes"]} for name, r in ok.items()}
    for width, fmt, _ in sorted(ok["pipeline"]["sizes"], key=lambda s: (s[0], s[1])):
        row = " ".join(f"{by_key[name].get((width, fmt), 0) / 1024:9.1f}" for name in ok)
        print(f"{width:5} {fmt:6} {row}")

    pipeline = ok["pipeline"]["seconds"]
    print(f"\nspeed-up over Wagtail spec by spec: {ok['wagtail']['seconds'] / pipeline:.1f}x")
    if "libvips" in ok:
        print(f"pipeline time / libvips time: {pipeline / ok['libvips']['seconds']:.2f}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--make-photo":
        make_photo(Path(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]))
    else:
        main()
