#!/usr/bin/env bash
# Reproduces the client-derived CreateCollection schemas of test/emit/upstream/qdrant-openapi/ (README.md there):
#   create-collection.v1.20.0.json          from qdrant-client 1.20.0 (the schema the 1.20 bodies are validated against)
#   create-field-index.v1.20.0.json, create-field-index.v1.19.0.json
#                                           from qdrant-client 1.20.0 and 1.19.0 (no upstream extract of CreateFieldIndex
#                                           is vendored for any version)
#   derive/create-collection.v1.19.0.derived.json and derive/compare-v1.19.0.txt
#                                           from qdrant-client 1.19.0, compared with the upstream v1.19.0 extract: the
#                                           check that the method reproduces the server's OpenAPI where both exist.
# Needs python3 (>= 3.9, with venv) and PyPI; nothing else. The tests never run this: they read the committed output.
# The wheels are checked against the SHA-256 below (PyPI files are immutable); the pydantic toolchain is pinned
# because model_json_schema's output depends on its version.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$(dirname "$HERE")"
PY="${PYTHON:-python3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$PY" -m venv "$WORK/venv"
PIP=("$WORK/venv/bin/python" -m pip --disable-pip-version-check --quiet)
"${PIP[@]}" install pydantic==2.14.4 pydantic-core==2.50.5 typing-extensions==4.16.0 annotated-types==0.8.0 typing-inspection==0.4.5 numpy==2.4.6

declare -A SHA=(
  [1.19.0]=13602a2b3478a95ecdf42f97b93d7f703b63a3361cd912a04495a33a5ac14121
  [1.20.0]=0ab261197a497d16f3bf8a663c22e994f485c9fd7212d3c8b07c1a9de32fc152
)
unpack() { # version -> $WORK/<version> holding qdrant_client/*.py and qdrant_client/http/models/models.py
  local v="$1" whl
  "${PIP[@]}" download --no-deps --only-binary=:all: -d "$WORK/dl" "qdrant-client==$v"
  whl="$WORK/dl/qdrant_client-$v-py3-none-any.whl"
  echo "${SHA[$v]}  $whl" | sha256sum -c --quiet
  mkdir -p "$WORK/$v"
  "$WORK/venv/bin/python" -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); [z.extract(n, sys.argv[2]) for n in z.namelist() if n.startswith("qdrant_client/") and n.endswith(".py")]' "$whl" "$WORK/$v"
  sha256sum "$whl" "$WORK/$v/qdrant_client/http/models/models.py"
}
DERIVE=("$WORK/venv/bin/python" "$HERE/derive.py")
unpack 1.20.0
"${DERIVE[@]}" "$WORK/1.20.0" 1.20.0 create-collection "$OUT/create-collection.v1.20.0.json"
"${DERIVE[@]}" "$WORK/1.20.0" 1.20.0 create-field-index "$OUT/create-field-index.v1.20.0.json"
unpack 1.19.0
"${DERIVE[@]}" "$WORK/1.19.0" 1.19.0 create-field-index "$OUT/create-field-index.v1.19.0.json"
"${DERIVE[@]}" "$WORK/1.19.0" 1.19.0 create-collection "$HERE/create-collection.v1.19.0.derived.json" \
  --compare "$OUT/create-collection.v1.19.0.json" | tee "$HERE/compare-v1.19.0.txt"
