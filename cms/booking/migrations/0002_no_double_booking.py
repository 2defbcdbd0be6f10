"""No two active bookings of one adviser may block overlapping time, on PostgreSQL
by an exclusion constraint (btree_gist lets the adviser's id join the range in
one GiST index). SQLite has no such constraint; there cms.booking.bookings
checks and writes under the single writer's lock (BEGIN IMMEDIATE)."""

from django.db import migrations

CONSTRAINT = "booking_no_overlapping_active"


def constraint_add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE booking_booking ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(staff_id WITH =, tstzrange(blocked_start, blocked_end, '[)') WITH &&) "
        "WHERE (status IN ('held', 'pending', 'confirmed'))"
    )


def constraint_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE booking_booking DROP CONSTRAINT {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("booking", "0001_initial")]

    operations = [migrations.RunPython(constraint_add, constraint_drop)]
