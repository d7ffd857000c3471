#!/usr/bin/env python3
"""Times SQLAlchemy's `metadata.create_all` of N declarative models into a
fresh SQLite file, in this process.

    python sqlalchemy_create_all.py N DBFILE

The models are those of sqlalchemy_registration.py (the same tables as the
Rust benchmark's), registered first and outside the clock. Then, each timed
on its own: connecting (the engine's first connection, which its pool
keeps), `Base.metadata.create_all(engine)` into the empty file, and a second
`create_all`, which finds every table (checkfirst) and creates nothing. The
engine is SQLAlchemy's default for `sqlite:///DBFILE`: the stdlib sqlite3
driver (pysqlite) with its default settings.

Prints one line of JSON. Run by `scripts/bench.py db` in the venv under
target/bench-gen/, one fresh process per sample, like the Rust runner.
"""

import json
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, event, inspect

from sqlalchemy_registration import Base, register


def main() -> None:
    n, path = int(sys.argv[1]), Path(sys.argv[2])
    if path.exists():
        sys.exit(f"{path} exists; create_all must start from an empty database")
    registration = register(n)
    engine = create_engine(f"sqlite:///{path}")

    started = time.perf_counter_ns()
    with engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1")
    connect_ns = time.perf_counter_ns() - started

    started = time.perf_counter_ns()
    Base.metadata.create_all(engine)
    create_ns = time.perf_counter_ns() - started

    # Counted only here, so that counting costs the first create_all nothing.
    statements = []
    count = lambda *args: statements.append(1)
    event.listen(engine, "before_cursor_execute", count)
    started = time.perf_counter_ns()
    Base.metadata.create_all(engine)
    second_create_ns = time.perf_counter_ns() - started
    event.remove(engine, "before_cursor_execute", count)

    with engine.connect() as conn:
        journal_mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        synchronous = conn.exec_driver_sql("PRAGMA synchronous").scalar()
        tables = len(inspect(conn).get_table_names())
    engine.dispose()
    if tables != n:
        sys.exit(f"expected {n} tables in {path}, found {tables}")
    print(json.dumps({
        "n": n,
        "register_ns": registration["total_ns"],
        "connect_ns": connect_ns,
        "create_ns": create_ns,
        "second_create_ns": second_create_ns,
        "second_create_queries": len(statements),
        "journal_mode": journal_mode,
        "synchronous": synchronous,
    }))


if __name__ == "__main__":
    main()
