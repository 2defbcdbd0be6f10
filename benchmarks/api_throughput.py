"""Delivery API throughput against vanilla Wagtail's API v2 and a bare WSGI app, in one run.

Seeds a fresh database with a realistic page (30 blocks, 12 images, 20
internal links; srcsets, expanded links and translations in our answer),
serves it with gunicorn (2 sync workers) on 127.0.0.1, both projects with
persistent database connections as in production, and measures:

- our by-path page detail with the response cache off (every request renders),
- our by-path page detail with the response cache warm,
- vanilla Wagtail 8's API v2 detail (`?fields=*`) of a page of the same shape,
  in a project this script makes with `wagtail start` in a temporary folder,
  with the same virtualenv and the same gunicorn,
- the ceiling: a bare WSGI app on the same gunicorn returning the bytes of
  our warm answer.

Load comes from wrk (8 connections) when it is installed, else from a Python
client with as many threads. Only 127.0.0.1 is ever contacted.

With --in-process the same run also times our cold and warm page detail and
vanilla's, each through its WSGI application called directly in a process of
its own (no server, no sockets, one request at a time), in alternating rounds:
the cost of a request alone, far less noisy than load on a busy machine, as
wall-clock time (median) and as the process's CPU time (mean), which other
processes on the machine do not lengthen.

Every server runs throughout and the scenarios take turns, --http-rounds
times (the median round is shown, and each round's throughput).

Usage: .venv/bin/python benchmarks/api_throughput.py [--seconds N] [--connections N]
       [--http-rounds N] [--in-process [--requests N] [--rounds N]]
"""

import argparse
import http.client
import importlib
import io
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_SLUG = "benchmark-page"
BLOCKS, IMAGES, LINKS = 30, 12, 20
WRK = shutil.which("wrk")

# The vanilla project's page type: Wagtail's own blocks in the shape of ours.
VANILLA_MODELS = """

from wagtail import blocks
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock


class ImageWithCaption(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False)


class BenchmarkPage(Page):
    intro = models.TextField(blank=True)
    body = StreamField(
        [
            ("image", ImageWithCaption()),
            ("paragraph", blocks.RichTextBlock()),
            (
                "gallery",
                blocks.StructBlock(
                    [
                        ("title", blocks.CharBlock()),
                        ("images", blocks.ListBlock(ImageWithCaption())),
                    ]
                ),
            ),
            (
                "call_to_action",
                blocks.StructBlock(
                    [
                        ("title", blocks.CharBlock()),
                        ("text", blocks.TextBlock(required=False)),
                        ("button_label", blocks.CharBlock()),
                        ("page", blocks.PageChooserBlock(required=False)),
                        ("url", blocks.URLBlock(required=False)),
                    ]
                ),
            ),
            (
                "text_with_image",
                blocks.StructBlock(
                    [
                        ("text", blocks.RichTextBlock()),
                        ("image", ImageChooserBlock()),
                        ("image_position", blocks.CharBlock()),
                    ]
                ),
            ),
        ],
        blank=True,
    )
    api_fields = [APIField("intro"), APIField("body")]
"""

VANILLA_URLS = """
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
urlpatterns.insert(0, path("api/v2/", api_router.urls))
"""

VANILLA_SETTINGS = """
INSTALLED_APPS += ["wagtail.api.v2", "rest_framework"]
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
SECRET_KEY = "benchmark-only"
DATABASES["default"]["CONN_MAX_AGE"] = 60
"""

CEILING_APP = """
import os

BODY = open(os.environ["CEILING_BODY"], "rb").read()
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
"""


def page_shape(images: list, targets: list) -> list:
    """The benchmark page's body: the test suite's rich body of BLOCKS blocks."""
    from tests.api.conftest import rich_body

    return rich_body(blocks=BLOCKS, images=images, link_targets=targets)


def seed_ours(shape_file: Path) -> None:
    """Runs in our project's own benchmark database: the page, its links and renditions."""
    import django

    django.setup()
    from django.core.management import call_command
    from wagtail.images import get_image_model
    from wagtail.models import Page, Site

    from cms.content.models import HomePage, StandardPage
    from media_pipeline.renditions import rendition_set_generate
    from tests.media_pipeline.factories import ImageFactory

    call_command("migrate", verbosity=0)
    home = HomePage(title="Benchmark", slug="benchmark")
    Page.get_first_root_node().add_child(instance=home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    images = [ImageFactory(file__width=2000, file__height=1500) for _ in range(IMAGES)]
    targets = []
    for n in range(LINKS):
        target = StandardPage(title=f"Target {n}", slug=f"target-{n}")
        home.add_child(instance=target)
        targets.append(target)
    page = StandardPage(
        title="Benchmark page", slug=PAGE_SLUG, intro="Intro", body=page_shape(images, targets)
    )
    home.add_child(instance=page)
    # Renditions exist, as they do on a site in use: the benchmark measures the API.
    for image in get_image_model().objects.all():
        rendition_set_generate(image=image)
    # The same body with placeholders for the vanilla project's own ids.
    placeholders = [_Placeholder(f"image:{n}", "") for n in range(IMAGES)]
    links = [_Placeholder(f"page:{n}", target.title) for n, target in enumerate(targets)]
    shape_file.write_text(json.dumps(page_shape(placeholders, links)))


class _Placeholder:
    def __init__(self, name: str, title: str):
        self.pk = f"@{name}@"
        self.title = title


def seed_vanilla(shape_file: Path) -> None:
    """Runs in the `wagtail start` project: the same page shape with its own images."""
    import django

    django.setup()
    from django.core.files.images import ImageFile
    from django.core.management import call_command
    from home.models import BenchmarkPage
    from PIL import Image as PillowImage
    from wagtail.images.models import Image
    from wagtail.models import Page

    call_command("migrate", verbosity=0)
    home = Page.objects.get(depth=2)
    images = []
    for n in range(IMAGES):
        path = shape_file.parent / f"photo-{n}.jpg"
        PillowImage.new("RGB", (2000, 1500), (40 + n * 10, 90, 60)).save(path, quality=85)
        with path.open("rb") as file:
            images.append(Image.objects.create(title=f"Photo {n}", file=ImageFile(file, path.name)))
    targets = []
    for n in range(LINKS):
        target = BenchmarkPage(title=f"Target {n}", slug=f"target-{n}")
        home.add_child(instance=target)
        targets.append(target)
    ids = {f"image:{n}": image.pk for n, image in enumerate(images)}
    ids |= {f"page:{n}": page.pk for n, page in enumerate(targets)}
    text = shape_file.read_text()
    text = re.sub(r'"@([a-z]+:\d+)@"', lambda m: str(ids[m[1]]), text)
    text = re.sub(r"@([a-z]+:\d+)@", lambda m: str(ids[m[1]]), text)
    page = BenchmarkPage(
        title="Benchmark page", slug=PAGE_SLUG, intro="Intro", body=json.loads(text)
    )
    home.add_child(instance=page)
    print(page.pk)


def vanilla_project(workdir: Path) -> Path:
    """A fresh `wagtail start` project with API v2 on and the benchmark page type."""
    bin_dir = Path(sys.executable).parent
    workdir.mkdir()
    subprocess.run(
        [str(bin_dir / "wagtail"), "start", "vanilla", str(workdir)],
        check=True,
        capture_output=True,
    )
    with (workdir / "home" / "models.py").open("a") as models:
        models.write(VANILLA_MODELS)
    with (workdir / "vanilla" / "urls.py").open("a") as urls:
        urls.write(VANILLA_URLS)
    with (workdir / "vanilla" / "settings" / "base.py").open("a") as settings:
        settings.write(VANILLA_SETTINGS)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vanilla.settings.production"}
    env.pop("PYTHONPATH", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "home", "-v", "0"],
        cwd=workdir,
        env=env,
        check=True,
    )
    return workdir


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(app: str, *, cwd: Path, env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", app, "--workers", "2"),
            *("--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
        ],
        cwd=cwd,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"gunicorn did not start {app}")


def fetch(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "localhost"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status} {body[:300]!r}")
    return body


def load_wrk(port: int, path: str, *, seconds: int, connections: int) -> dict:
    result = subprocess.run(
        [
            *(WRK, "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s"),
            "--latency",
            *("-H", "Host: localhost", f"http://127.0.0.1:{port}{path}"),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    out = result.stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"{path}: wrk saw failures:\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", out)[1]),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", out)[1]),
    }


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def load_python(port: int, path: str, *, seconds: int, connections: int) -> dict:
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        mine = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            fetch(port, path)
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


def warm_up(port: int, path: str, *, connections: int) -> bytes:
    """Both workers import everything (and a warm cache fills) before timing starts."""
    body = b""
    for _ in range(connections * 2):
        body = fetch(port, path)
    return body


def time_wsgi(app_path: str, path: str, requests: int) -> None:
    """Runs in the scenario's own process: the median time of one request through
    its WSGI application, called directly, after a warm-up; printed as JSON."""
    module, attribute = app_path.split(":")
    application = getattr(importlib.import_module(module), attribute)
    path_info, _, query = path.partition("?")
    statuses = []

    def request() -> bytes:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path_info,
            "QUERY_STRING": query,
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "localhost",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        result = application(
            environ, lambda status, headers, exc_info=None: statuses.append(status)
        )
        try:
            return b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()

    for _ in range(20):
        body = request()
    if not statuses[-1].startswith("200"):
        raise RuntimeError(f"{path}: {statuses[-1]} {body[:300]!r}")
    times, cpu_times = [], []
    for _ in range(requests):
        started, cpu_started = time.perf_counter(), time.process_time()
        request()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    print(
        json.dumps(
            {
                "ms": statistics.median(times) * 1000,
                "cpu_ms": statistics.mean(cpu_times) * 1000,
                "bytes": len(body),
            }
        )
    )


def measure_in_process(scenarios: list, *, requests: int, rounds: int) -> dict:
    """Each scenario's median request time over alternating rounds, one process each."""
    times: dict = {name: [] for name, *_ in scenarios}
    cpu_times: dict = {name: [] for name, *_ in scenarios}
    sizes = {}
    for round_number in range(rounds):
        # Alternating the order, so neither side always runs first after the other.
        ordered = scenarios if round_number % 2 == 0 else scenarios[::-1]
        for name, app, cwd, scenario_env, path in ordered:
            finished = subprocess.run(
                [sys.executable, __file__, "--time-wsgi", app, path, str(requests)],
                env=scenario_env,
                cwd=cwd,
                check=True,
                capture_output=True,
                text=True,
            )
            result = json.loads(finished.stdout.strip().splitlines()[-1])
            times[name].append(result["ms"])
            cpu_times[name].append(result["cpu_ms"])
            sizes[name] = result["bytes"]
        print(f"  round {round_number + 1}/{rounds}", flush=True)
    return {
        name: {
            "ms": statistics.median(t),
            "cpu_ms": statistics.median(cpu_times[name]),
            "bytes": sizes[name],
        }
        for name, t in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="per scenario")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--http-rounds", type=int, default=3, help="turns of each scenario")
    parser.add_argument(
        "--in-process", action="store_true", help="also time requests through each WSGI app"
    )
    parser.add_argument("--requests", type=int, default=200, help="per in-process round")
    parser.add_argument("--rounds", type=int, default=5, help="in-process rounds")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cms-bench-"))
    (workdir / "static").mkdir()
    shape_file = workdir / "shape.json"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "VAR_DIR": str(workdir),
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "PYTHONPATH": str(ROOT),
        # Persistent connections, as .env.example sets for production; vanilla
        # gets the same (VANILLA_SETTINGS), so neither pays a connection per request.
        "DATABASE_CONN_MAX_AGE": "60",
    }
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    print(f"Seeding a {BLOCKS}-block page with {IMAGES} images and {LINKS} links…", flush=True)
    subprocess.run(
        [sys.executable, __file__, "--seed-ours", str(shape_file)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    print("Building vanilla Wagtail with `wagtail start`…", flush=True)
    vanilla = vanilla_project(workdir / "vanilla")
    vanilla_env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTHONPATH")},
        "DJANGO_SETTINGS_MODULE": "vanilla.settings.production",
        "PYTHONPATH": f"{vanilla}{os.pathsep}{ROOT}",
    }
    seeded = subprocess.run(
        [sys.executable, __file__, "--seed-vanilla", str(shape_file)],
        env=vanilla_env,
        cwd=vanilla,
        check=True,
        capture_output=True,
        text=True,
    )
    vanilla_page = seeded.stdout.strip().splitlines()[-1]
    (workdir / "ceiling.py").write_text(CEILING_APP)

    ours = f"/api/v1/pages/by-path/?path=/{PAGE_SLUG}/"
    scenarios = [
        (
            "ours, cache off",
            "cms.wsgi:application",
            ROOT,
            env | {"DELIVERY_API_CACHE_TIMEOUT": "0"},
            ours,
        ),
        ("ours, cache warm", "cms.wsgi:application", ROOT, env, ours),
        (
            "vanilla Wagtail API v2",
            "vanilla.wsgi:application",
            vanilla,
            vanilla_env,
            f"/api/v2/pages/{vanilla_page}/?fields=*",
        ),
        (
            "bare WSGI, same bytes",
            "ceiling:application",
            workdir,
            {**os.environ, "PYTHONPATH": str(workdir), "CEILING_BODY": str(workdir / "body.json")},
            "/",
        ),
    ]
    print(
        f"Load: {'wrk' if WRK else 'Python client'}, {args.connections} connections, "
        f"{args.seconds} s per scenario; gunicorn, 2 sync workers.",
        flush=True,
    )
    # Every server runs from the start and the scenarios take turns, round after
    # round: load from elsewhere on the machine then falls on all of them alike.
    servers, ports, bodies = [], {}, {}
    runs: dict = {name: [] for name, *_ in scenarios}
    try:
        for name, app, cwd, scenario_env, path in scenarios:
            if name == "bare WSGI, same bytes":
                (workdir / "body.json").write_bytes(bodies["ours, cache warm"])
            ports[name] = free_port()
            servers.append(start_server(app, cwd=cwd, env=scenario_env, port=ports[name]))
            bodies[name] = warm_up(ports[name], path, connections=args.connections)
        load = load_wrk if WRK else load_python
        for round_number in range(args.http_rounds):
            ordered = scenarios if round_number % 2 == 0 else scenarios[::-1]
            for name, *_, path in ordered:
                print(f"  round {round_number + 1}/{args.http_rounds}: {name}…", flush=True)
                runs[name].append(
                    load(ports[name], path, seconds=args.seconds, connections=args.connections)
                )
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    # Each scenario's median round by throughput, with every round's figure beside it.
    results = {
        name: {
            **sorted(rounds, key=lambda run: run["rps"])[len(rounds) // 2],
            "body": bodies[name],
            "rounds": [run["rps"] for run in rounds],
        }
        for name, rounds in runs.items()
    }

    vanilla_rps = results["vanilla Wagtail API v2"]["rps"]
    ceiling_rps = results["bare WSGI, same bytes"]["rps"]
    print(
        f"\nMedian of {args.http_rounds} rounds by req/s.\n{'scenario':26} {'req/s':>8} "
        f"{'p50 ms':>7} {'p99 ms':>7} {'bytes':>7} {'vs v2':>6} {'vs ceiling':>10}  rounds"
    )
    for name, r in results.items():
        print(
            f"{name:26} {r['rps']:8.0f} {r['p50']:7.2f} {r['p99']:7.2f} {len(r['body']):7d} "
            f"{r['rps'] / vanilla_rps:5.2f}x {r['rps'] / ceiling_rps:9.2f}x  "
            + " ".join(f"{rps:.0f}" for rps in r["rounds"])
        )
    if args.in_process:
        print(
            f"\nIn process: {args.rounds} alternating rounds of {args.requests} requests "
            "through each WSGI app, one at a time; median of the rounds.",
            flush=True,
        )
        timed = measure_in_process(
            [scenario for scenario in scenarios if scenario[0] != "bare WSGI, same bytes"],
            requests=args.requests,
            rounds=args.rounds,
        )
        vanilla = timed["vanilla Wagtail API v2"]
        # CPU time is what the request itself costs: other processes on the
        # machine lengthen its wall-clock time, not its CPU time.
        print(
            f"\n{'scenario':26} {'ms/req':>8} {'req/s':>8} {'vs v2':>6} "
            f"{'CPU ms/req':>10} {'vs v2':>6} {'bytes':>7}"
        )
        for name, r in timed.items():
            print(
                f"{name:26} {r['ms']:8.2f} {1000 / r['ms']:8.0f} {vanilla['ms'] / r['ms']:5.2f}x "
                f"{r['cpu_ms']:10.2f} {vanilla['cpu_ms'] / r['cpu_ms']:5.2f}x {r['bytes']:7d}"
            )
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--seed-ours"]:
        seed_ours(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["--seed-vanilla"]:
        seed_vanilla(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["--time-wsgi"]:
        time_wsgi(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
