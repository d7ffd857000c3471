#!/usr/bin/env bash
# The init sections of a binary with 0 and with 10,000 models: nothing runs before main.
# Options: scripts/bench.py init --help. Results: stdout (Markdown) and target/bench-results/init.json.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" init "$@"
