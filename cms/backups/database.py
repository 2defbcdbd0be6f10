"""The database part: one consistent snapshot, and putting one back.

SQLite: the online backup API copies a consistent state while others write.
PostgreSQL: `pg_dump` reads one snapshot, which this module exports from a
REPEATABLE READ transaction, so the manifest's counts and the list of media
files come from exactly the state that is dumped.

A SQLite archive restores into PostgreSQL by copying rows: the archived file
is migrated to this code's schema as a second database alias, then every
model's rows are copied table by table in one transaction (PostgreSQL checks
foreign keys at commit) and the sequences are reset.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.models.functions import Cast
from wagtail.fields import StreamField

from .archive import ArchiveError

BATCH = 1000
# Derived data laid out differently per database (SQLite's FTS5 columns,
# PostgreSQL's tsvectors): not copied between them, but rebuilt afterwards.
REBUILT_APPS = {"wagtailsearch"}


def concrete_models() -> list[type[models.Model]]:
    """Every model with a table of its own, many-to-many tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


@contextmanager
def database_alias(alias: str, **settings) -> Iterator:
    """A second connection (another file, another database, or the same one
    in a transaction of its own) for as long as the block runs."""
    configured = connections.configure_settings(
        {"default": connections.settings["default"], alias: settings}
    )
    connections.settings[alias] = configured[alias]
    try:
        # Opened here, so that an unreachable database fails before any work.
        connections[alias].connect()
        yield connections[alias]
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def same_database(alias: str) -> Iterator:
    settings = dict(connections["default"].settings_dict)
    settings.pop("TEST", None)
    return database_alias(alias, **settings)


def sqlite_database(alias: str, path: Path) -> Iterator:
    return database_alias(alias, ENGINE="django.db.backends.sqlite3", NAME=str(path))


def tables_present(connection) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def row_counts(connection) -> dict[str, int]:
    present = tables_present(connection)
    counts = {}
    with connection.cursor() as cursor:
        for model in concrete_models():
            if model._meta.db_table in present:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - a model's table
                counts[model._meta.label_lower] = cursor.fetchone()[0]
    return counts


def file_references(connection) -> set[str]:
    """Every storage name a FileField of any model refers to."""
    present = tables_present(connection)
    names: set[str] = set()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in concrete_models():
            if model._meta.db_table not in present:
                continue
            for field in model._meta.local_concrete_fields:
                if isinstance(field, models.FileField):
                    column, table = quote(field.column), quote(model._meta.db_table)
                    cursor.execute(
                        f"SELECT DISTINCT {column} FROM {table} "  # noqa: S608
                        f"WHERE {column} IS NOT NULL AND {column} <> ''"
                    )
                    names.update(name for (name,) in cursor.fetchall())
    return names


def applied_migrations(connection) -> list[list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        return [[app, name] for app, name in cursor.fetchall()]


# -- SQLite -------------------------------------------------------------------


def sqlite_snapshot(target: Path) -> None:
    source = connections["default"]
    source.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        source.connection.backup(destination)
    except sqlite3.Error as error:
        raise ArchiveError(f"Copying the SQLite database failed: {error}") from error
    finally:
        destination.close()


def sqlite_restore(source: Path) -> None:
    """Replaces the whole live SQLite database with the archived one, in one step."""
    target = connections["default"]
    target.ensure_connection()
    archived = sqlite3.connect(source)
    try:
        archived.backup(target.connection)
    finally:
        archived.close()


# -- PostgreSQL ----------------------------------------------------------------


def pg_env(settings: dict) -> dict:
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    if settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings["OPTIONS"]["sslmode"]
    return env


def pg_tool(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        raise ArchiveError(f"{tool} is not installed (Debian: postgresql-client).")
    return path


def pg_tool_check(tool: str, connection) -> None:
    """pg_dump refuses servers newer than itself; say so before starting."""
    output = subprocess.run(  # noqa: S603 - our own arguments
        [pg_tool(tool), "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"(\d+)", output.split(")")[-1]) or re.search(r"(\d+)", output)
    client = int(match.group(1))
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if client < server:
        raise ArchiveError(
            f"{tool} {client} is older than the PostgreSQL server ({server}); "
            f"install postgresql-client-{server}."
        )


def pg_dump(connection, snapshot: str, target: Path) -> None:
    pg_tool_check("pg_dump", connection)
    settings = connection.settings_dict
    result = subprocess.run(  # noqa: S603 - our own arguments, no shell
        [
            pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            f"--file={target}",
            settings["NAME"],
        ],
        env=pg_env(settings),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise ArchiveError(f"pg_dump failed: {result.stderr.strip()}")


@contextmanager
def pg_snapshot() -> Iterator:
    """A connection reading one exported snapshot, and that snapshot's id."""
    with (
        same_database("backup_snapshot") as connection,
        transaction.atomic(using="backup_snapshot"),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        yield connection, cursor.fetchone()[0]


# Drops what the archive brings back, in the transaction that restores it: the
# database either is the archive's afterwards or stays as it was.
PG_CLEAR = b"""
SET lock_timeout = '60s';
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
           ORDER BY c.relkind = 'S'
  LOOP
    EXECUTE format('DROP %s IF EXISTS public.%I CASCADE',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                     WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.relname);
  END LOOP;
END $$;
"""


def pg_restore(settings: dict, dump: Path) -> None:
    """pg_restore's script, run by psql in a single transaction after PG_CLEAR."""
    env = pg_env(settings)
    psql = subprocess.Popen(  # noqa: S603 - our own arguments, no shell
        [
            pg_tool("psql"),
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "--single-transaction",
            "-d",
            settings["NAME"],
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    script = subprocess.Popen(  # noqa: S603 - our own arguments, no shell
        [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        psql.stdin.write(PG_CLEAR)
        shutil.copyfileobj(script.stdout, psql.stdin, 1024 * 1024)
        psql.stdin.close()
    except BrokenPipeError:
        pass
    script_error = script.stderr.read().decode()
    psql_error = psql.stderr.read().decode()
    if script.wait() or psql.wait():
        raise ArchiveError(
            f"The PostgreSQL restore failed and was rolled back: {script_error or psql_error}"
        )


def pg_database_create(name: str) -> None:
    with connections["default"].cursor() as cursor:
        quote = connections["default"].ops.quote_name
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
        cursor.execute(f"CREATE DATABASE {quote(name)}")


def pg_database_drop(name: str) -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connections['default'].ops.quote_name(name)}")


# -- SQLite into PostgreSQL ---------------------------------------------------


def migrate(alias: str) -> None:
    call_command("migrate", database=alias, interactive=False, verbosity=0)


def rows_copy(source: str, target: str) -> None:
    """Every row of every model from one database into another, which ends up
    holding exactly those rows. Values go through each field's own conversion
    (SQLite's 0/1 become booleans, its text dates timestamps); StreamField
    values are copied as their stored JSON, untouched by block code."""
    source_connection, target_connection = connections[source], connections[target]
    in_source, in_target = tables_present(source_connection), tables_present(target_connection)
    quote = target_connection.ops.quote_name
    copied = [model for model in concrete_models() if model._meta.db_table in in_target]
    with transaction.atomic(using=target), target_connection.cursor() as cursor:
        tables = ", ".join(quote(model._meta.db_table) for model in copied)
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        for model in copied:
            if model._meta.db_table not in in_source or model._meta.app_label in REBUILT_APPS:
                continue
            fields = model._meta.local_concrete_fields
            raw = {
                f"_raw_{field.attname}": Cast(field.attname, models.JSONField())
                for field in fields
                if isinstance(field, StreamField)
            }
            columns = [
                f"_raw_{f.attname}" if isinstance(f, StreamField) else f.attname for f in fields
            ]
            writers = [f.json_field if isinstance(f, StreamField) else f for f in fields]
            rows = (
                model._base_manager.using(source)
                .order_by()
                .annotate(**raw)
                .values_list(*columns)
                .iterator(chunk_size=BATCH)
            )
            sql = (
                f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608
                f"({', '.join(quote(f.column) for f in fields)}) "
                f"VALUES ({', '.join(['%s'] * len(fields))})"
            )
            batch = []
            for row in rows:
                batch.append(
                    [
                        writer.get_db_prep_save(value, connection=target_connection)
                        for writer, value in zip(writers, row, strict=True)
                    ]
                )
                if len(batch) >= BATCH:
                    cursor.executemany(sql, batch)
                    batch.clear()
            if batch:
                cursor.executemany(sql, batch)
        for statement in target_connection.ops.sequence_reset_sql(no_style(), copied):
            cursor.execute(statement)


def search_index_rebuild() -> None:
    call_command("update_index", verbosity=0)
