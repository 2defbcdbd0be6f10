"""The shop under load: orders per second while every order competes for the
same variant and day, and the catalogue listing with 500 products.

Seeds a fresh database (SQLite in a temporary folder, or PostgreSQL when
BENCH_DATABASE_URL names an empty database), serves it with gunicorn
(4 gthread workers) on 127.0.0.1, and measures:

- POST /api/v1/shop/orders/ from N clients at once, all for one variant and
  one delivery day (the contended rows), until the day is full;
- GET /api/v1/shop/products/?available_on= with 500 products, their variants
  and seasons.

Usage: .venv/bin/python benchmarks/shop.py [--orders N] [--clients N] [--listings N]
"""

import argparse
import http.client
import json
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
PRODUCTS = 500


def seed(orders: int) -> None:
    """Runs inside the benchmark's own database: a shop with 500 products."""
    import django

    django.setup()
    from datetime import date, timedelta
    from decimal import Decimal

    from django.core.management import call_command
    from wagtail.models import Page, Site

    from cms.content.models import HomePage
    from cms.shop.models import (
        DeliveryDay,
        DeliveryZone,
        Product,
        ProductVariant,
        Season,
        ShopSettings,
    )

    call_command("migrate", verbosity=0)
    home = HomePage(title="Shop", slug="shop")
    Page.get_first_root_node().add_child(instance=home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    ShopSettings.objects.create(site=site, invoice=True)
    day = date.today() + timedelta(days=1)
    for n in range(PRODUCTS):
        product = Product.objects.create(site=site, name=f"Bouquet {n}", sort_order=n)
        for size, price in (("S", "19.90"), ("M", "29.90"), ("L", "39.90")):
            ProductVariant.objects.create(
                product=product, name=size, price=Decimal(price), stock=orders * 10
            )
        if n % 3 == 0:
            Season.objects.create(product=product, name="Season", yearly=True, start=day, end=day)
    DeliveryZone.objects.create(site=site, name="Town", postcode_prefixes="24", price="5.00")
    DeliveryDay.objects.create(site=site, date=day, capacity=orders)
    print(
        json.dumps({"variant": ProductVariant.objects.order_by("pk").first().pk, "day": str(day)})
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, port: int) -> subprocess.Popen:
    argv = [sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    argv += ["--workers", "4", "--worker-class", "gthread", "--threads", "4"]
    server = subprocess.Popen(
        [*argv, "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def request(port: int, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Host": "localhost", "Content-Type": "application/json"}
    connection.request(method, path, body=json.dumps(body) if body else None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def timed(clients: int, total: int, call) -> dict:
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def client(count):
        mine, codes = [], []
        for _ in range(count):
            started = time.perf_counter()
            codes.append(call())
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            statuses.extend(codes)

    threads = [threading.Thread(target=client, args=(total // clients,)) for _ in range(clients)]
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
        "p99": latencies[max(int(len(latencies) * 0.99) - 1, 0)] * 1000,
        "statuses": {code: statuses.count(code) for code in sorted(set(statuses))},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=400)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--listings", type=int, default=100)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cms-bench-shop-"))
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
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    database = "PostgreSQL" if "DATABASE_URL" in env else "SQLite"
    print(f"Seeding {PRODUCTS} products on {database}…", flush=True)
    seeded = subprocess.run(
        [sys.executable, __file__, "--seed", str(args.orders)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    facts = json.loads(seeded.stdout.strip().splitlines()[-1])
    port = free_port()
    server = start_server(env, port)
    try:
        listing = f"/api/v1/shop/products/?site=localhost&available_on={facts['day']}"
        for _ in range(8):  # every worker imports everything first
            request(port, "GET", listing)
        products = timed(4, args.listings, lambda: request(port, "GET", listing)[0])
        body = {
            "lines": [{"variant": facts["variant"], "quantity": 1}],
            "delivery": {"date": facts["day"], "postcode": "24103", "street": "A 1", "city": "K"},
            "customer": {"name": "Bench", "email": "bench@example.com"},
            "billing": {"name": "Bench", "street": "A 1", "postcode": "24103", "city": "K"},
            "payment_method": "invoice",
        }
        orders = timed(
            args.clients,
            args.orders,
            lambda: request(port, "POST", "/api/v1/shop/orders/?site=localhost", body)[0],
        )
    finally:
        server.terminate()
        server.wait()
    print(
        f"catalogue, {PRODUCTS} products × 3 variants: {products['rps']:.1f} requests/s, "
        f"p50 {products['p50']:.0f} ms, p99 {products['p99']:.0f} ms"
    )
    print(
        f"orders, {args.clients} clients on one variant and one day: {orders['rps']:.1f} orders/s, "
        f"p50 {orders['p50']:.0f} ms, p99 {orders['p99']:.0f} ms, answers {orders['statuses']}"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--seed"]:
        seed(int(sys.argv[2]))
    else:
        main()
