#!/usr/bin/env bash
# What each part of the derive's expansion costs `cargo check` (CPU seconds, 1,000 models).
# Options: scripts/bench.py compile-breakdown --help. Results: stdout (Markdown) and target/bench-results/compile-breakdown.json.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" compile-breakdown "$@"
