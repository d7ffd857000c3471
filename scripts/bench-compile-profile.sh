#!/usr/bin/env bash
# Where the derive's compile time goes: expanded lines per model and rustc's passes (needs RUSTC_BOOTSTRAP=1 internally).
# Options: scripts/bench.py compile-profile --help. Results: stdout (Markdown) and target/bench-results/compile-profile.json.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" compile-profile "$@"
