#!/usr/bin/env bash
# Create the calibration venv, install pinned requirements and run ONE small config
# (3,000 points, D=128, SQ int8, payload + indexes). Needs only python3 (>=3.9) and PyPI.
# Result goes to test/calibration/.work/smoke/smoke.json (not committed).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
PY="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
exec "$VENV/bin/python" "$HERE/harness.py" --smoke "$@"
