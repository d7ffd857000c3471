#!/usr/bin/env bash
# The first check() in a fresh process at 1,000 / 10,000 / 100,000 tables: time, heap kept, allocations.
# Options: scripts/bench.py startup --help. Results: stdout (Markdown) and target/bench-results/startup.json.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" startup "$@"
