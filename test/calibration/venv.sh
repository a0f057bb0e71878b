# Sourced by test/calibration/run-smoke.sh and scripts/calibrate.sh: `venv DIR REQUIREMENTS` makes DIR a Python venv
# (with $PY, python3 unless PYTHON is set) and installs the pinned requirements into it. A DIR that is there but not a
# working venv (a dangling symlink, a half-made folder: CI's clean clone held a committed link to one machine's venv
# until s51) is removed first, so `python3 -m venv` does not stop on "File exists".
venv() {
  if [ ! -x "$1/bin/python" ]; then
    rm -rf "$1"
    "${PY:-python3}" -m venv "$1"
  fi
  "$1/bin/python" -m pip install --quiet --disable-pip-version-check -r "$2"
}
