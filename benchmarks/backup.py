"""Time and peak memory of `backup` and `restore`, side by side, for sites of growing size.

    .venv/bin/python benchmarks/backup.py [--sizes demo,2500,5000,10000] [--postgres URL]

Sites: the demo site (`load_demo`, its renditions left to a worker that does
not run), and generated sites of N pages and N/5 images (10000 pages and 2000
images at the top): every page a live StandardPage with one revision, every
image an 800x600 JPEG with noise (about 100 KB), written in bulk.

Each site is its own SQLite installation in a temporary folder. For each:

- backup:   `manage.py backup` (SQLite online backup + media + manifest)
- restore:  `manage.py restore --noinput` of that archive into the same
            installation (every file compared, the database replaced)
- to pg:    with --postgres, `restore` into a fresh PostgreSQL database
            (rows copied model by model, search index rebuilt)

Each one runs in its own child process; its peak memory is that child's
ru_maxrss (Django included). Linear growth shows as seconds per 1000 rows
staying level; flat memory as the peak barely moving between sizes.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def child_env(workdir: Path, database_url: str | None = None) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": database_url or f"sqlite:///{workdir / 'db.sqlite3'}",
        "VAR_DIR": str(workdir),
        "MEDIA_ROOT": str(workdir / "media"),
        "BACKUP_DIR": str(workdir / "backups"),
        # Uploads queue their renditions for a worker, which does not run here.
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "SECRET_KEY": "benchmark-secret-key",
        "LOG_LEVEL": "WARNING",
    }


def measured(args: list[str], env: dict) -> tuple[float, float, str]:
    """Seconds, peak MB and the last output line of one child process."""
    started = time.monotonic()
    process = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    output = process.stdout.read().decode().strip().splitlines()
    process.stdout.close()
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(args[1:3])} failed: {output[-1:] if output else ''}")
    return seconds, usage.ru_maxrss / 1024, output[-1] if output else ""


def site_generate(pages: int, images: int) -> None:
    """Runs inside a child process with Django set up."""
    import io
    import random

    from django.contrib.contenttypes.models import ContentType
    from django.core.files.storage import default_storage
    from django.utils import timezone
    from PIL import Image
    from wagtail.images import get_image_model
    from wagtail.models import Collection, Page, Revision, Site

    from cms.content.models import HomePage, StandardPage
    from tests.reliability.bulk import standard_pages_bulk_create

    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Benchmark carpentry", slug="bench-home")
    )
    Site.objects.filter(is_default_site=True).update(root_page=home)
    ids = standard_pages_bulk_create(parent=home, count=pages, prefix="bench")
    page_type = ContentType.objects.get_for_model(StandardPage)
    base_type = ContentType.objects.get_for_model(Page)
    now = timezone.now()
    Revision.objects.bulk_create(
        [
            Revision(
                content_type=page_type,
                base_content_type=base_type,
                object_id=str(pk),
                object_str=f"Bench {pk}",
                content={"pk": pk, "title": f"Bench {pk}", "body": "<p>Text</p>"},
                created_at=now,
            )
            for pk in ids
        ],
        batch_size=1000,
    )
    collection = Collection.get_first_root_node()
    image_model = get_image_model()
    rng = random.Random(12)  # noqa: S311 - noise levels, not secrets
    rows = []
    for n in range(images):
        picture = Image.effect_noise((800, 600), 40 + rng.randint(0, 30)).convert("RGB")
        data = io.BytesIO()
        picture.save(data, "JPEG", quality=85)
        name = default_storage.save(f"original_images/bench-{n}.jpg", data)
        rows.append(
            image_model(
                title=f"Bench photo {n}",
                alt_text=f"Photo {n}",
                file=name,
                width=800,
                height=600,
                file_size=data.tell(),
                collection=collection,
            )
        )
        if (n + 1) % 500 == 0:
            print(f"    {n + 1}/{images} images", file=sys.stderr, flush=True)
    image_model.objects.bulk_create(rows, batch_size=500)


def site_build(size: str, workdir: Path) -> str:
    env = child_env(workdir)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    if size == "demo":
        subprocess.run(
            [PYTHON, "manage.py", "load_demo"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        return "demo site"
    pages = int(size)
    subprocess.run(
        [PYTHON, __file__, "--generate", str(pages), str(pages // 5)], cwd=ROOT, env=env, check=True
    )
    return f"{pages} pages, {pages // 5} images"


def postgres_database(url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def postgres_drop(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="demo,2500,5000,10000")
    parser.add_argument(
        "--postgres", help="a PostgreSQL server URL (its database is only used to connect)"
    )
    parser.add_argument("--generate", nargs=2, type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.generate:
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        site_generate(*options.generate)
        return

    lines = []
    started = time.monotonic()
    for size in options.sizes.split(","):
        with tempfile.TemporaryDirectory(prefix="cms-bench-backup-") as work:
            workdir = Path(work)
            print(f"{size}: building the site …", file=sys.stderr, flush=True)
            label = site_build(size, workdir)
            env = child_env(workdir)
            print(f"{size}: backup …", file=sys.stderr, flush=True)
            backup = measured([PYTHON, "manage.py", "backup"], env)
            archive = sorted((workdir / "backups").glob("backup-*.tar"))[-1]
            megabytes = archive.stat().st_size / 1_048_576
            rows = int(backup[2].split(" rows")[0].rsplit(" ", 1)[-1])
            print(f"{size}: restore …", file=sys.stderr, flush=True)
            restore = measured([PYTHON, "manage.py", "restore", str(archive), "--noinput"], env)
            to_pg = None
            if options.postgres:
                print(f"{size}: restore into PostgreSQL …", file=sys.stderr, flush=True)
                name = "cms_bak_bench"
                url = postgres_database(options.postgres, name)
                pg_dir = workdir / "pg"
                pg_env = child_env(pg_dir, url)
                pg_dir.mkdir()
                subprocess.run(
                    [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"],
                    cwd=ROOT,
                    env=pg_env,
                    check=True,
                )
                try:
                    to_pg = measured(
                        [PYTHON, "manage.py", "restore", str(archive), "--noinput"], pg_env
                    )
                finally:
                    postgres_drop(options.postgres, name)
            lines.append((label, rows, megabytes, backup, restore, to_pg))

    print()
    header = (
        f"{'site':28} {'rows':>7} {'MB':>7}   {'backup s':>8} {'peak MB':>7}"
        f"   {'restore s':>9} {'peak MB':>7}"
    )
    if options.postgres:
        header += f"   {'to pg s':>7} {'peak MB':>7}"
    print(header)
    for label, rows, megabytes, backup, restore, to_pg in lines:
        line = (
            f"{label:28} {rows:7d} {megabytes:7.1f}   {backup[0]:8.1f} {backup[1]:7.0f}"
            f"   {restore[0]:9.1f} {restore[1]:7.0f}"
        )
        if to_pg:
            line += f"   {to_pg[0]:7.1f} {to_pg[1]:7.0f}"
        print(line)
    print(f"\n{len(lines)} sites measured in {time.monotonic() - started:.0f} s.")


if __name__ == "__main__":
    main()
