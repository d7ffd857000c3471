#!/usr/bin/env bash
# create_all (empty, then a no-op) and verify: 1,000 and 10,000 tables on SQLite, 100 and 1,000 on PostgreSQL and MariaDB,
# with SQLAlchemy's create_all on the same SQLite schema. Options: scripts/bench.py db --help.
# Results: stdout (Markdown) and target/bench-results/db.json.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" db "$@"
