"""Plain SQL for the reads every page detail makes, where the ORM costs more
than the read: compiling a filtered query of Page (thirty columns, a subquery,
the visibility filter) took ten to fifty times as long as the database took to
answer it, and on a page detail that compiling was most of the request
(benchmarks/api_throughput.py --in-process). Table and column names come from
the models, so a renamed column is followed; the SQL is what SQLite and
PostgreSQL both read. Queries whose cost is the database's stay with the ORM."""

from collections.abc import Collection

from django.db import connection


def name(model, field: str | None = None) -> str:
    """The quoted table of a model, or the quoted column of one of its fields."""
    if field is None:
        return connection.ops.quote_name(model._meta.db_table)
    return connection.ops.quote_name(model._meta.get_field(field).column)


def param(model, field: str, value):
    """A value as the database stores it in that field (a UUID as SQLite's text, say)."""
    return model._meta.get_field(field).get_db_prep_value(value, connection)


def placeholders(values: Collection) -> str:
    """One placeholder per value, for `IN (…)`; `IN (NULL)` for none, which
    matches nothing where `IN ()` is a syntax error on PostgreSQL."""
    return ", ".join(["%s"] * len(values)) or "NULL"


def select(model, fields: Collection[str]) -> tuple[str, dict[str, str]]:
    """`SELECT <the fields' columns> FROM <the model's table>`, and each field's
    quoted column for the rest of the query."""
    column = {field: name(model, field) for field in fields}
    return f"SELECT {', '.join(column.values())} FROM {name(model)}", column  # noqa: S608 - names from the models


def rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
