"""Time and peak memory of one photo's responsive set, side by side, in one run.

    .venv/bin/python benchmarks/rendition_set.py [--repeat N] [--only 24mp|100mp]

Two photos: a 24-megapixel phone photo (6000x4000) and a 100-megapixel
panorama (20000x5000), both JPEGs with texture, sensor-like noise, an EXIF
orientation and a GPS position. For each photo:

- pipeline:   rendition_set_generate() for the uncropped set, as the worker
              runs it: decode, render, store the files, create the rows
- pipeline+crops: the same for the whole set (uncropped, hero, card, square)
- wagtail:    Wagtail's own get_rendition(), called spec by spec, for the
              uncropped set
- libvips:    pyvips making the uncropped set, as the outside reference
              (skipped with "libvips not available" if it is not installed)

The uncropped set is 7 widths x AVIF, WebP, JPEG with specs.py's qualities.
Every measurement runs in its own child process with its own in-memory
database and media folder, so its peak (ru_maxrss of the child, which
includes Django itself) is its own. With --repeat N each one runs N times,
interleaved; the table shows the fastest time and the highest peak, since
other processes on the machine only ever make a run slower. CPU seconds
(all threads) show the work done, which a busy machine changes less.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

PHOTOS = {
    "24mp": ("24 MP photo", (6000, 4000)),
    "100mp": ("100 MP panorama", (20000, 5000)),
}


def make_photo(path: Path, size: tuple[int, int]) -> None:
    from PIL import Image, ImageDraw, ImageFilter

    width, height = size
    grain = Image.merge("RGB", [Image.effect_noise(size, 28) for _ in range(3)])
    small = (width // 8, height // 8)
    texture = Image.merge("RGB", [Image.effect_noise(small, 60) for _ in range(3)])
    texture = texture.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(2))
    photo = Image.blend(texture, grain, 0.35)
    del texture, grain
    photo = Image.blend(photo, Image.new("RGB", size, (170, 120, 70)), 0.45)
    draw = ImageDraw.Draw(photo)
    for i in range(width // 150):
        x = 150 * i
        draw.rectangle(
            (x, height * 3 // 10 + (i % 5) * 80, x + 60, height), fill=(80 + i % 60, 55, 30)
        )
        draw.line((0, 100 * i, width, 100 * i + 700), fill=(40, 30, 20), width=4)
    exif = Image.Exif()
    exif[0x0112] = 1
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)})
    photo.save(path, "JPEG", quality=92, exif=exif)


def _use_media_root(workdir: Path) -> None:
    from django.conf import settings

    settings.MEDIA_ROOT = workdir / "media"


def _without_render_on_save() -> None:
    from django.db.models.signals import post_save
    from wagtail.images import get_image_model

    from media_pipeline.signal_handlers import post_save_enqueue_renditions

    # Each approach renders the set itself, once, inside the timed part.
    post_save.disconnect(post_save_enqueue_renditions, sender=get_image_model())


def prepare(photo: Path, workdir: Path) -> None:
    """A database file with the photo stored, copied for every measurement.

    Each child then starts as a worker does: Django set up, a database to
    open, no migrations run in its own memory.
    """
    from django.core.files import File
    from django.core.management import call_command
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    _use_media_root(workdir)
    call_command("migrate", verbosity=0)
    _without_render_on_save()
    with open(photo, "rb") as file:
        get_image_model().objects.create(
            title="bench",
            collection=Collection.get_first_root_node(),
            file=File(file, name="bench.jpg"),
        )


def _stored_image(workdir: Path):
    from wagtail.images import get_image_model

    _use_media_root(workdir)
    _without_render_on_save()
    return get_image_model().objects.get()


def _clock() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return time.perf_counter(), usage.ru_utime + usage.ru_stime


def _elapsed(started: tuple[float, float]) -> dict:
    """Wall and CPU seconds since ``started``: on a busy machine the CPU time
    still tells whether a change did more work or only waited more."""
    now = _clock()
    return {"seconds": now[0] - started[0], "cpu_seconds": now[1] - started[1]}


def _sizes(image) -> list:
    return [
        (
            rendition.width,
            rendition.filter_spec.split("|")[1].removeprefix("format-"),
            rendition.file.size,
        )
        for rendition in image.renditions.all()
        if rendition.filter_spec.startswith("width-")
    ]


def _run_pipeline(workdir: Path, variants: list[str] | None) -> dict:
    from media_pipeline.renditions import rendition_set_generate

    image = _stored_image(workdir)
    started = _clock()
    rendition_set_generate(image=image, variants=variants)
    return {**_elapsed(started), "sizes": _sizes(image)}


def run_pipeline(workdir: Path) -> dict:
    from media_pipeline.specs import ORIGINAL

    return _run_pipeline(workdir, [ORIGINAL])


def run_pipeline_with_crops(workdir: Path) -> dict:
    return _run_pipeline(workdir, None)


def run_wagtail(workdir: Path) -> dict:
    from media_pipeline import specs

    image = _stored_image(workdir)
    image_specs = specs.rendition_specs_for_image(image=image, variants=[specs.ORIGINAL])
    started = _clock()
    for spec in image_specs:
        image.get_rendition(spec.filter_spec)
    return {**_elapsed(started), "sizes": _sizes(image)}


def run_libvips(workdir: Path) -> dict:
    try:
        import pyvips
    except (ImportError, OSError):
        return {"error": "libvips not available"}
    photo = _stored_image(workdir).file.path
    from media_pipeline.specs import AVIF_QUALITY, AVIF_SPEED, JPEG_QUALITY, WEBP_QUALITY, WIDTHS

    started = _clock()
    # thumbnail() shrinks on load and applies the EXIF orientation; one per width, as
    # libvips' own tools (imgproxy, thumbor-vips) do.
    sizes = []
    for width in sorted(WIDTHS, reverse=True):
        image = pyvips.Image.thumbnail(
            str(photo), width, size="down", export_profile="srgb"
        ).copy_memory()
        avif = image.heifsave_buffer(
            Q=AVIF_QUALITY, compression="av1", effort=9 - AVIF_SPEED, strip=True
        )
        webp = image.webpsave_buffer(Q=WEBP_QUALITY, strip=True)
        jpeg = image.jpegsave_buffer(
            Q=JPEG_QUALITY, optimize_coding=True, interlace=True, strip=True
        )
        sizes += [
            (width, "avif", len(avif)),
            (width, "webp", len(webp)),
            (width, "jpeg", len(jpeg)),
        ]
    return {**_elapsed(started), "sizes": sizes}


APPROACHES = {
    "pipeline": run_pipeline,
    "pipeline+crops": run_pipeline_with_crops,
    "wagtail": run_wagtail,
    "libvips": run_libvips,
}


def child(name: str, workdir: Path) -> None:
    result = APPROACHES[name](workdir)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _run_child(*args: str, workdir: Path | None = None) -> str:
    command = [sys.executable, __file__, *args]
    env = dict(os.environ)
    if workdir is not None:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'db.sqlite3'}"
    return subprocess.run(
        command, capture_output=True, text=True, check=True, cwd=ROOT, env=env
    ).stdout


def _measure(name: str, prepared: Path, tmp: Path) -> dict:
    with tempfile.TemporaryDirectory(dir=tmp) as workdir:
        workdir = Path(workdir) / "copy"
        shutil.copytree(prepared, workdir)
        output = _run_child("--child", name, str(workdir), workdir=workdir)
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", choices=PHOTOS)
    args = parser.parse_args()
    photos = {key: PHOTOS[key] for key in ([args.only] if args.only else PHOTOS)}

    results: dict[tuple[str, str], list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for key, (label, (width, height)) in photos.items():
            photo = tmp / f"{key}.jpg"
            # Linux keeps ru_maxrss across exec: this process stays small so that
            # each child's peak is its own, so even the photo is made in a child.
            _run_child("--make-photo", str(photo), str(width), str(height))
            print(f"{label}: {width}x{height} JPEG, {photo.stat().st_size / 1e6:.1f} MB")
            prepared = tmp / key
            prepared.mkdir()
            _run_child("--prepare", str(photo), str(prepared), workdir=prepared)
            for _ in range(args.repeat):
                for name in APPROACHES:
                    results.setdefault((key, name), []).append(_measure(name, prepared, tmp))
    print(f"{os.cpu_count()} cores, best of {args.repeat}\n")

    print(f"{'photo':<16} {'approach':<15} {'seconds':>8} {'CPU s':>8} {'peak MB':>8}")
    for (key, name), runs in results.items():
        label = photos[key][0]
        if "error" in runs[0]:
            print(f"{label:<16} {name:<15} {runs[0]['error']}")
            continue
        seconds = min(run["seconds"] for run in runs)
        cpu_seconds = min(run["cpu_seconds"] for run in runs)
        peak = max(run["peak_mb"] for run in runs)
        print(f"{label:<16} {name:<15} {seconds:8.2f} {cpu_seconds:8.2f} {peak:8.0f}")

    for key in photos:
        ok = {
            name: runs[0]
            for (photo_key, name), runs in results.items()
            if photo_key == key and "error" not in runs[0] and name != "pipeline+crops"
        }
        print(f"\n{photos[key][0]}: bytes per uncropped rendition (KB)")
        print("width format " + " ".join(f"{name:>9}" for name in ok))
        by_key = {name: {(w, f): b for w, f, b in r["sizes"]} for name, r in ok.items()}
        for width, fmt, _ in sorted(ok["pipeline"]["sizes"], key=lambda s: (s[0], s[1])):
            row = " ".join(f"{by_key[name].get((width, fmt), 0) / 1024:9.1f}" for name in ok)
            print(f"{width:5} {fmt:6} {row}")


if __name__ == "__main__":
    import django

    if len(sys.argv) == 5 and sys.argv[1] == "--make-photo":
        make_photo(Path(sys.argv[2]), (int(sys.argv[3]), int(sys.argv[4])))
    elif len(sys.argv) == 4 and sys.argv[1] == "--prepare":
        django.setup()
        prepare(Path(sys.argv[2]), Path(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "--child":
        django.setup()
        child(sys.argv[2], Path(sys.argv[3]))
    else:
        main()
