#!/usr/bin/env bash
# npm run calibrate: measure Qdrant's real storage engine (qdrant-edge-py) and write data/calibration/.
#   1. the main matrix on qdrant-edge-py 0.9.0 (test/calibration/harness.py; resumable: configs whose
#      JSON already exists are skipped; pass --force to redo, --only ID to pick, --list to see them);
#   2. the same matrix on qdrant-edge-py 0.7.2, the v1.19.0 tag's engine, into
#      data/calibration/v1.19.0-matrix/ (the same harness; configs whose residency setting 0.7.2 cannot
#      express are skipped), and the HNSW graph sweep on 0.7.2 (test/calibration/graph_sweep_v1_19.py).
# Arguments go to both harness runs. All steps are resumable.
# Needs python3 (3.9+) and PyPI. Takes about two hours on 2 cores; not part of npm test.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/../test/calibration" && pwd)"
PY="${PYTHON:-python3}"
# venv DIR REQUIREMENTS (one rule with the smoke run's)
. "$HERE/venv.sh"
venv "$HERE/.venv" "$HERE/requirements.txt"
"$HERE/.venv/bin/python" "$HERE/harness.py" "$@"
# The 0.9.0 loaded-shard constant with glibc's per-thread cache off (data/calibration/tcache-off/, docs/accuracy.md):
# the n-sweeps and the three configs whose miss is that cache, copied from the matrix and re-measured; resumable (an
# id already re-measured, its JSON carrying load_env, is kept).
CAL="$HERE/../../data/calibration"
todo=""
for id in hnsw-m64-ef200 hnsw-m64-ef400 multivec-4 nsweep-d128-m{8,16,32}-n{10k,30k,100k,300k,1m}; do
  grep -q '"load_env"' "$CAL/tcache-off/$id.json" 2>/dev/null && continue
  [ -f "$CAL/tcache-off/$id.json" ] || { mkdir -p "$CAL/tcache-off" && cp "$CAL/$id.json" "$CAL/tcache-off/"; }
  todo="$todo,$id"
done
[ -z "$todo" ] || "$HERE/.venv/bin/python" "$HERE/harness.py" --remeasure-ram --tcache-off --only "${todo#,}" --out "$CAL/tcache-off"
# The rest of the matrix with tcache off, built and loaded so (s25; configs whose JSON exists are skipped).
"$HERE/.venv/bin/python" "$HERE/harness.py" --tcache-off --max-n 100000 --out "$CAL/tcache-off"
# uint8 under Euclid and Dot: why quantized uint8 under Cosine builds a smaller graph (s26, harness.py quantized_score_configs).
"$HERE/.venv/bin/python" "$HERE/harness.py" --only dtype-uint8-euclid,dtype-uint8-sq8-euclid,dtype-uint8-pq16-euclid,dtype-uint8-dot --out "$CAL/quantized-scores"
# The German, Russian, French, Spanish and Polish text of edge_payload_v1_20.py's wf-de/ru/fr/es/pl cases: every word of wordfreq 3.1.1's lists,
# written into test/calibration/.work/ (not committed) by wordfreq_prefixes.py in a venv of its own; the language tables
# (data/language/) are rewritten only if their numbers change.
venv "$HERE/.venv-wordfreq" "$HERE/requirements-wordfreq.txt"
"$HERE/.venv-wordfreq/bin/python" "$HERE/wordfreq_prefixes.py" german russian french spanish polish --all-words german,russian,french,spanish,polish
"$HERE/.venv/bin/python" "$HERE/edge_payload_v1_20.py"  # payload indexes on 0.9.0 (resumable)
"$HERE/.venv/bin/python" "$HERE/edge_v1_20.py"          # the 1.20 structures on 0.9.0 (needs no server binary)
venv "$HERE/.venv-0.7.2" "$HERE/requirements-0.7.2.txt"
"$HERE/.venv-0.7.2/bin/python" "$HERE/harness.py" "$@"
"$HERE/.venv-0.7.2/bin/python" "$HERE/graph_sweep_v1_19.py"
# 3. the real Qdrant v1.19.0 server (test/calibration/server_harness.py, data/calibration/server-v1.19.0/; resumable):
#    needs the server binary (../shared/bin/qdrant-v1.19.0-linux-amd64.xz, or QDRANT_XZ / QDRANT_BIN); skipped without.
XZ="${QDRANT_XZ:-$HERE/../../../shared/bin/qdrant-v1.19.0-linux-amd64.xz}"
if [ -n "${QDRANT_BIN:-}" ] || [ -f "$XZ" ]; then
  "$HERE/.venv/bin/python" "$HERE/server_harness.py"
  "$HERE/.venv/bin/python" "$HERE/server_harness.py" --shard-skew
else
  echo "server calibration SKIPPED: no Qdrant binary at $XZ (set QDRANT_XZ or QDRANT_BIN)" >&2
fi
