#!/usr/bin/env python3
"""Times SQLAlchemy's registration of N declarative models in this process.

    python sqlalchemy_registration.py N

Prints one line of JSON: nanoseconds to create the N classes on one
`DeclarativeBase` (which builds each `Table` and adds it to the base's
`MetaData`) and to run `configure_mappers()`, and the sum. Run by
`scripts/bench.py sqlalchemy` in a venv under target/bench-gen/, one fresh
process per sample, like model-registry's first check().

The models are the same as the Rust benchmark's: table t_<i>, columns
id (primary key), name, email (nullable), score and active, written in
SQLAlchemy 2.0's annotated style. Their source is compiled before the
clock starts, as a .pyc would be, so only registration is timed.
"""

import json
import sys
import time

from sqlalchemy.orm import DeclarativeBase, Mapped, configure_mappers, mapped_column


class Base(DeclarativeBase):
    pass


def source(n: int) -> str:
    return "\n".join(
        f"class T{i:06}(Base):\n"
        f"    __tablename__ = 't_{i:06}'\n"
        f"    id: Mapped[int] = mapped_column(primary_key=True)\n"
        f"    name: Mapped[str]\n"
        f"    email: Mapped[Optional[str]]\n"
        f"    score: Mapped[float]\n"
        f"    active: Mapped[bool]\n"
        for i in range(n)
    )


def register(n: int) -> dict:
    """Defines T000000 .. on `Base` and configures the mappers; returns the
    nanoseconds of each (scripts/sqlalchemy_create_all.py reuses it)."""
    code = compile(source(n), "<models>", "exec")
    namespace = {"Base": Base, "Mapped": Mapped, "mapped_column": mapped_column, "Optional": __import__("typing").Optional}

    started = time.perf_counter_ns()
    exec(code, namespace)
    classes = time.perf_counter_ns()
    configure_mappers()
    configured = time.perf_counter_ns()

    tables = len(Base.metadata.tables)
    if tables != n:
        sys.exit(f"expected {n} tables in Base.metadata, found {tables}")
    return {
        "n": n,
        "classes_ns": classes - started,
        "configure_ns": configured - classes,
        "total_ns": configured - started,
    }


def main() -> None:
    print(json.dumps(register(int(sys.argv[1]))))


if __name__ == "__main__":
    main()
