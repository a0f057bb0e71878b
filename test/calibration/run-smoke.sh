#!/usr/bin/env bash
# Create the calibration venv, install pinned requirements and run two small configs
# (3,000 points, D=128: SQ int8 with payload + indexes; and the Qdrant 1.20 turbo8 datatype). Needs only python3
# (>=3.9) and PyPI. Results go to test/calibration/.work/smoke/smoke.json and smoke-v120.json (not committed).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
PY="${PYTHON:-python3}"
# shellcheck source=venv.sh
. "$HERE/venv.sh"
venv "$VENV" "$HERE/requirements.txt"
exec "$VENV/bin/python" "$HERE/harness.py" --smoke "$@"
