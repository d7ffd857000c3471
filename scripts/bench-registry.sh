#!/usr/bin/env bash
# divan: Registry::from_definitions and lookups over 1,000 / 10,000 / 100,000 linked tables.
# Options: scripts/bench.py registry --help. Results: stdout (Markdown) and target/bench-results/registry.json.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" registry "$@"
