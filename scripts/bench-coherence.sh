#!/usr/bin/env bash
# rustc on the derive's per-crate uniqueness impls alone: one marker type (the derive at first) vs 256 (the derive now), N = 500 / 1,000 / 2,000.
# Options: scripts/bench.py coherence --help. Results: stdout (Markdown) and target/bench-results/coherence.json.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" coherence "$@"
