#!/usr/bin/env bash
# SQLAlchemy declarative registration vs our first check() at 1,000 and 10,000 tables, in one run.
# Options: scripts/bench.py sqlalchemy --help. Results: stdout (Markdown) and target/bench-results/sqlalchemy.json.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" sqlalchemy "$@"
