#!/usr/bin/env bash
# Compile cost per model: plain structs, derive(Model) and sea-orm entities, N = 200 and 1,000.
# Options: scripts/bench.py compile --help. Results: stdout (Markdown) and target/bench-results/compile.json.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" compile "$@"
