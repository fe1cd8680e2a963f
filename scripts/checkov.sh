#!/usr/bin/env bash
# checkov over every synthesized stack, with per-resource suppressions applied.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-venv.sh
exec .venv/bin/python scripts/checkov_gate.py cdktf.out/stacks --report reports/checkov.json
