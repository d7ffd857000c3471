#!/usr/bin/env bash
# Every benchmark once at N = 50 (no sea-orm; SQLAlchemy only with --sqlalchemy; PostgreSQL and
# MariaDB only with --db-servers), for CI.
# Options: scripts/bench.py smoke --help. Results: stdout (Markdown) and target/bench-results/smoke.json.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" smoke "$@"
