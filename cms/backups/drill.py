"""The restore drill: the archive restored into a scratch database and a
scratch media folder, then compared with its manifest and read through the
delivery API, page by page. The live site is never touched."""

import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connections
from django.db.utils import load_backend
from wagtail.models import Site

from cms.api.pages import page_by_id, page_detail_json, page_is_served, site_pages

from . import database
from .archive import MEDIA_PREFIX, ArchiveError, manifest_read, unknown_migrations
from .restore import archive_unpack
from .stores import archive_fetched, archive_name

DRILL_ALIAS = "backup_drill"


@dataclass
class DrillResult:
    archive: str
    rows: int = 0
    files: int = 0
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        verdict = "passed" if self.ok else f"FAILED ({len(self.problems)} problems)"
        return (
            f"Restore drill of {archive_name(self.archive)} {verdict}: {self.rows} rows, "
            f"{self.files} media files, {self.pages} published pages rendered; "
            f"{self.seconds:.1f} s."
        )


@contextmanager
def scratch_database(manifest: dict, dump: Path):
    """The archived database, restored where nothing else looks."""
    if manifest["database"]["vendor"] == "sqlite":
        with database.sqlite_database(DRILL_ALIAS, dump) as connection:
            yield connection
        return
    live = connections["default"].settings_dict
    name = f"{live['NAME']}_drill"[:63]
    database.pg_database_create(name)
    try:
        scratch = {**live, "NAME": name}
        scratch.pop("TEST", None)
        database.pg_restore(scratch, dump)
        with database.database_alias(DRILL_ALIAS, **scratch) as connection:
            yield connection
    finally:
        database.pg_database_drop(name)


def pages_render(scratch: dict) -> tuple[int, list[str]]:
    """Every published page of every site through the delivery API's own page
    JSON, in a thread whose default database is the scratch one and whose
    caches are off (the live site's caches must not see scratch answers)."""
    outcome: dict = {"pages": 0, "problems": []}

    def run():
        wrapper = load_backend(scratch["ENGINE"]).DatabaseWrapper(scratch, "default")
        connections["default"] = wrapper
        for alias in settings.CACHES:
            caches[alias] = DummyCache("", {})
        try:
            # Pages of a type the API does not serve (Wagtail's own welcome page
            # on a fresh installation) are no part of the published site.
            for site in Site.objects.select_related("root_page"):
                served = [page.pk for page in site_pages(site) if page_is_served(page)]
                for page_id in served:
                    try:
                        data = page_detail_json(
                            page_by_id(site, page_id),
                            site=site,
                            base_url=settings.WAGTAILADMIN_BASE_URL,
                        )
                        if data.get("id") != page_id:
                            raise ValueError(f"answered as page {data.get('id')}")
                        outcome["pages"] += 1
                    except Exception as error:
                        outcome["problems"].append(
                            f"page {page_id} on {site.hostname} does not render: {error!r}"
                        )
        except Exception as error:
            outcome["problems"].append(f"the pages could not be listed: {error!r}")
        finally:
            wrapper.close()

    # Content types are cached for the whole process; the scratch database's
    # ids need not be the live ones. The live ones are cached again afterwards.
    ContentType.objects.clear_cache()
    thread = threading.Thread(target=run, name="backup-drill")
    thread.start()
    thread.join()
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models())
    return outcome["pages"], outcome["problems"]


def backup_verify(location, *, progress=None) -> DrillResult:
    """The drill of the archive at `location` (a file, or an s3:// URL downloaded
    to a temporary file first)."""
    progress = progress or (lambda message: None)
    started = time.monotonic()
    result = DrillResult(archive=str(location))
    try:
        with archive_fetched(location, progress) as path:
            archive_drill(path, result, progress)
    except ArchiveError as error:
        result.problems.append(str(error))
    result.seconds = time.monotonic() - started
    return result


def archive_drill(path: Path, result: DrillResult, progress) -> None:
    manifest = manifest_read(path)
    newer = unknown_migrations(manifest)
    if newer:
        raise ArchiveError(f"{path} comes from a newer schema ({', '.join(newer[:5])}).")
    with tempfile.TemporaryDirectory(prefix="cms-drill-") as work:
        progress("Unpacking into a scratch folder, checking every checksum …")
        dump = archive_unpack(path, manifest, Path(work), media=True)
        media_root = Path(work) / MEDIA_PREFIX
        progress("Restoring into a scratch database …")
        with scratch_database(manifest, dump) as connection:
            counts = database.row_counts(connection)
            result.rows = sum(counts.values())
            for label, expected in manifest["counts"].items():
                if counts.get(label) != expected:
                    result.problems.append(
                        f"{label}: {counts.get(label)} rows restored, {expected} archived"
                    )
            referenced = database.file_references(connection)
            present = {name for name in referenced if (media_root / name).is_file()}
            result.files = len(present)
            for name in sorted(referenced - present)[:20]:
                result.problems.append(f"media file {name!r} is referenced but not restored")
            progress("Rendering every published page through the delivery API …")
            database.migrate(DRILL_ALIAS)
            result.pages, problems = pages_render(dict(connection.settings_dict))
            result.problems.extend(problems)
