import io
import shutil
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path

import coverage
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from pytest_django.plugin import blocking_manager_key
from wagtail.models import Page, Site

from cms.content.models import HomePage
from tests.content.factories import HomePageFactory
from tests.shared_rows import rolled_back

# With pytest-xdist (-n), the controller migrates one database and every worker
# starts from a copy of it, instead of each worker running every migration.


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    config = session.config
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    config.database_name = connection.settings_dict["NAME"]
    with config.stash[blocking_manager_key].unblock():
        config.template_database = template_database_create()


def pytest_configure_node(node):
    node.workerinput["template_database"] = node.config.template_database


def pytest_sessionfinish(session):
    template = getattr(session.config, "template_database", None)
    if template:
        with session.config.stash[blocking_manager_key].unblock():
            connection.creation.destroy_test_db(session.config.database_name, verbosity=0)
        if connection.vendor == "sqlite":
            shutil.rmtree(Path(template).parent, ignore_errors=True)


def template_database_create() -> str:
    """Migrates the database that the workers' databases are copied from: on
    PostgreSQL a database used as CREATE DATABASE … TEMPLATE, on SQLite a file."""
    test_settings = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        test_settings["NAME"] = str(Path(tempfile.mkdtemp(prefix="cms-test-db-")) / "template.db")
    else:
        test_settings["NAME"] = f"test_{connection.settings_dict['NAME']}_template"
    with _unmeasured():
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    connection.close()
    return name


@contextmanager
def _unmeasured():
    """Coverage paused: under its tracer the template's migrations take 1.7
    times as long, while the workers wait for them. Nothing is lost: the
    migrations are not measured (omit in pyproject.toml), and each worker's
    migrate, which finds nothing left to do, still sends post_migrate to the
    project's handlers under coverage."""
    measuring = coverage.Coverage.current()
    if measuring:
        measuring.stop()
    try:
        yield
    finally:
        if measuring:
            measuring.start()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """A worker's test database starts as a copy of the controller's migrated one,
    so that its own migrate finds nothing left to do."""
    template = getattr(request.config, "workerinput", {}).get("template_database")
    if not template:
        yield
        return
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        # Django's SQLite test database is this shared in-memory one; it lives
        # while a connection to it is open, and Django then only connects to it.
        memory = sqlite3.connect("file:memorydb_default?mode=memory&cache=shared", uri=True)
        source = sqlite3.connect(template)
        source.backup(memory)
        source.close()
        yield
        memory.close()
    else:
        database["TEST"]["TEMPLATE"] = template
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached API responses and Wagtail's site roots outlive a test's database."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def home(db):
    return home_create()


def home_create() -> HomePage:
    """A home page that is the root of the default site, as on a fresh installation."""
    home = HomePageFactory(parent=Page.get_first_root_node())
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def owner(db, django_user_model):
    """The business owner: a Moderator who edits and publishes pages, not a superuser."""
    user = django_user_model.objects.create_user(
        username="owner", email="owner@carpentry.example", password="a-long-passphrase"
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


class _SharedDemo:
    """The demo, loaded in a transaction that is rolled back once the next test
    does not read it: loading takes many seconds, and the tests that read it
    run one after another (pytest_collection_modifyitems), so the modules
    share a load on each worker. Each test's own changes are rolled back to
    this state by the db fixture's savepoint, which nests inside.

    Each load is a first one, into a database without the demo (the previous
    load is rolled back, and transactional tests, which commit, run after the
    others), so `output`, what `load_demo` printed, is what a new installation
    shows."""

    def __init__(self):
        self.loaded = None
        self.output = ""

    def load(self, django_db_blocker) -> None:
        if self.loaded is None:
            self.loaded = rolled_back(django_db_blocker)
            self.loaded.__enter__()
            out = io.StringIO()
            call_command("load_demo", stdout=out)
            self.output = out.getvalue()

    def unload(self) -> None:
        if self.loaded is not None:
            self.loaded.__exit__(None, None, None)
            self.loaded = None


_shared_demo = _SharedDemo()


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """Module-scoped, so that it comes before any test's own database fixture."""
    _shared_demo.load(django_db_blocker)


@pytest.fixture
def demo(demo_loaded, db):
    pass


@pytest.fixture
def demo_output(demo) -> str:
    """What loading the demo printed: the load the `demo` fixture shares."""
    return _shared_demo.output


def _reads_demo(item) -> bool:
    return "demo_loaded" in getattr(item, "fixturenames", ())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """The demo stays while the next test reads it too (they come one after
    another, see pytest_collection_modifyitems); the others get the database
    without it. After the test's own teardown, whose savepoints nest inside."""
    try:
        return (yield)
    finally:
        if nextitem is None or not _reads_demo(nextitem):
            _shared_demo.unload()


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="Only the tests that use the database; `make test` runs the rest on SQLite only.",
    )


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """The longest tests first: pytest-xdist hands tests out in this order, and
    one of them started last would keep a core busy after the others are done.
    Then the tests that read the demo, one after another, so they share a load.

    pytest-django's reordering runs inside this wrapper and keeps that order
    within its groups: the database tests, the transactional ones after them
    (they empty the database), the tests that use none last. Those last may
    run at any time, so afterwards the long ones among them (the example site,
    whose module builds a CMS and a site) move to the front: there pytest-xdist
    gives them to one worker in its first batch, while at the end of the run
    it hands out a few tests at a time, and a module spread over both workers
    is built on both.

    With --database-tests-only (the PostgreSQL run of `make test`), the tests
    that use no database are left out: pytest-django refuses their queries, and
    the processes they start get no DATABASE_URL (tests/subprocesses.py), so
    they pass or fail alike on either database and the SQLite run has them."""
    items.sort(key=lambda item: (not _is_long(item), not _reads_demo(item)))
    result = yield
    items.sort(key=lambda item: not (_is_long(item) and not _uses_database(item)))
    if config.getoption("database_tests_only"):
        left_out = [item for item in items if not _uses_database(item)]
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if _uses_database(item)]
    return result


def _is_long(item) -> bool:
    return item.get_closest_marker("long") is not None


def _uses_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or "_django_db_helper" in getattr(
        item, "fixturenames", ()
    )
