#!/usr/bin/env bash
# Release binary bytes per registered model (0 / 1,000 / 10,000 models, stripped and not).
# Options: scripts/bench.py size --help. Results: stdout (Markdown) and target/bench-results/size.json.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" size "$@"
