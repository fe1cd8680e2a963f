#!/usr/bin/env bash
# Create .venv with the pinned checkov from policies/requirements.txt when it is missing
# or when the requirements changed since it was built.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.venv/.requirements.sha256
want=$(sha256sum policies/requirements.txt | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "Creating .venv with checkov from policies/requirements.txt (first run only)..."
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r policies/requirements.txt
echo "$want" > "$stamp"
