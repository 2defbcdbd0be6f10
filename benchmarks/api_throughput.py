"""Delivery API throughput against Wagtail's API v2, side by side, in one run.

Seeds a fresh database with a realistic page (30 blocks, 12 images, 20
internal links), serves it with gunicorn (2 sync workers) on 127.0.0.1 and
measures, for the same page:

- our by-path detail with the response cache cold (every request renders),
- our by-path detail with the response cache warm,
- Wagtail's API v2 detail (`?fields=*&rich_text_format=html`).

Usage: .venv/bin/python benchmarks/api_throughput.py [--requests N] [--clients N]
"""

import argparse
import http.client
import os
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


def seed() -> None:
    """Runs inside the benchmark's own database: builds the page and its renditions."""
    import django

    django.setup()
    from django.core.management import call_command
    from wagtail.images import get_image_model
    from wagtail.models import Page, Site

    from cms.content.models import HomePage, StandardPage
    from media_pipeline.renditions import rendition_set_generate
    from tests.api.conftest import rich_body
    from tests.media_pipeline.factories import ImageFactory

    call_command("migrate", verbosity=0)
    home = HomePage(title="Benchmark", slug="benchmark")
    Page.get_first_root_node().add_child(instance=home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    images = [ImageFactory(file__width=2000, file__height=1500) for _ in range(12)]
    targets = []
    for n in range(20):
        target = StandardPage(title=f"Target {n}", slug=f"target-{n}")
        home.add_child(instance=target)
        targets.append(target)
    body = rich_body(blocks=30, images=images, link_targets=targets)
    page = StandardPage(title="Benchmark page", slug=PAGE_SLUG, body=body, intro="Intro")
    home.add_child(instance=page)
    # Renditions exist, as they do on a site in use: the benchmark measures the API.
    for image in get_image_model().objects.all():
        rendition_set_generate(image=image)
    print(page.pk)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cms.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
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
    raise RuntimeError("gunicorn did not start")


def fetch(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "localhost"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status} {body[:200]!r}")
    return body


def load(port: int, path: str, *, requests: int, clients: int) -> dict:
    # Both workers import everything and the cache fills before timing starts.
    for _ in range(clients * 2):
        fetch(port, path)
    latencies: list[float] = []
    sizes: list[int] = []
    lock = threading.Lock()
    per_client = requests // clients

    def client():
        mine = []
        for _ in range(per_client):
            started = time.perf_counter()
            size = len(fetch(port, path))
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            sizes.append(size)

    threads = [threading.Thread(target=client) for _ in range(clients)]
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
        "bytes": sizes[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="per scenario (warm: x5)")
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cms-bench-"))
    (workdir / "static").mkdir()
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
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    print("Seeding a 30-block page with 12 images and 20 internal links…", flush=True)
    seeded = subprocess.run(
        [sys.executable, __file__, "--seed"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    page_id = seeded.stdout.strip().splitlines()[-1]

    scenarios = [
        (
            "ours, by-path, cache cold",
            {"DELIVERY_API_CACHE_TIMEOUT": "0"},
            f"/api/v1/pages/by-path/?path=/{PAGE_SLUG}/",
            args.requests,
        ),
        (
            "ours, by-path, cache warm",
            {},
            f"/api/v1/pages/by-path/?path=/{PAGE_SLUG}/",
            args.requests * 5,
        ),
        (
            "Wagtail API v2 detail",
            {},
            f"/api/v2/pages/{page_id}/?fields=*&rich_text_format=html",
            args.requests,
        ),
    ]
    results = []
    for name, extra_env, path, requests in scenarios:
        port = free_port()
        server = start_server({**env, **extra_env}, port)
        try:
            print(f"  {name}: {requests} requests…", flush=True)
            results.append((name, load(port, path, requests=requests, clients=args.clients)))
        finally:
            server.terminate()
            server.wait()

    baseline = results[2][1]["rps"]
    print(f"\n{'scenario':30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'bytes':>8} {'vs v2':>7}")
    for name, r in results:
        print(
            f"{name:30} {r['rps']:8.0f} {r['p50']:8.1f} {r['p99']:8.1f} {r['bytes']:8d} "
            f"{r['rps'] / baseline:6.1f}x"
        )


if __name__ == "__main__":
    if "--seed" in sys.argv:
        seed()
    else:
        main()
