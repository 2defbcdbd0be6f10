"""An editor's admin with one client site and with many, side by side, in one run.

Builds a fresh PostgreSQL database, provisions one client site and times an
editor's dashboard, page explorer, image chooser and page chooser; then adds
client sites of 50 pages each and times the same views again.

Usage: .venv/bin/python benchmarks/multisite_admin.py [--sites 200] [--pages 50] [--runs 20]
PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cms_bench_multisite),
dropped and created by the script.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cms_bench_multisite"


def fresh_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def time_views(client, urls: dict[str, str], runs: int) -> dict[str, tuple[float, int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = {}
    for name, url in urls.items():
        client.get(url)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: {response.status_code}")
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        results[name] = (statistics.median(timings), len(captured))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    fresh_database(url)
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="cms.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from wagtail.models import Page

    from cms.content.models import StandardPage
    from cms.provisioning import client_site_create

    call_command("migrate", verbosity=0)

    def add_client(n: int):
        client_site = client_site_create(name=f"Client {n}", hostname=f"client{n}.example")
        for page in range(args.pages - 1):
            client_site.home.add_child(instance=StandardPage(title=f"Page {page}", slug=f"p{page}"))
        return client_site

    own = add_client(0)
    editor = get_user_model().objects.create_user(username="editor", password="x" * 12)
    editor.groups.add(own.editors)
    client = Client()
    client.force_login(editor)
    urls = {
        "dashboard": "/admin/",
        "page explorer": f"/admin/pages/{own.home.pk}/",
        "image chooser": "/admin/images/chooser/",
        "page chooser": f"/admin/choose-page/{own.home.pk}/",
    }
    one = time_views(client, urls, args.runs)

    started = time.monotonic()
    for n in range(1, args.sites):
        add_client(n)
        if n % 20 == 0:
            print(f"  {n}/{args.sites} sites…", flush=True)
    print(
        f"Created {args.sites} sites, {Page.objects.count()} pages "
        f"in {time.monotonic() - started:.0f} s."
    )
    many = time_views(client, urls, args.runs)

    many_label = f"{args.sites} sites ms"
    print(f"\n{'view':15} {'1 site ms':>10} {many_label:>14} {'queries':>8} {'queries':>8}")
    for name in urls:
        (ms_one, q_one), (ms_many, q_many) = one[name], many[name]
        print(f"{name:15} {ms_one:10.1f} {ms_many:14.1f} {q_one:8d} {q_many:8d}")


if __name__ == "__main__":
    main()
