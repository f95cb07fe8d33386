#!/usr/bin/env bash
# Creates (or reuses) one virtualenv per Python tool the pipeline tests drive, under .venv-e2e/:
# target-postgres (meltanolabs), pipelinewise-target-postgres, meltano, singer-tools, target-jsonl,
# airbyte-protocol-models, pyairbyte. Versions are pinned in e2e/requirements/<tool>.txt (a full
# freeze, installed with --no-deps, so installs are reproducible). Separate venvs because the tools'
# pins conflict. A venv is rebuilt only when its requirements file changes.
#
# Only when something has to be installed, it first checks what that needs and names what is missing
# in one line (exit 2): Python 3.11 or 3.12 (PYTHON=/path/to/python to choose), its venv module, and a
# reachable package index (PyPI, or PIP_INDEX_URL). Exit 1 when an install itself fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=.venv-e2e
python=${PYTHON:-python3}
missing() {
  echo "e2e-venv: $*" >&2
  exit 2
}

todo=()
for requirements in e2e/requirements/*.txt; do
  venv="$root/$(basename "$requirements" .txt)"
  stamp="$venv/.requirements.sha256"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(sha256sum "$requirements" | cut -d' ' -f1)" ] &&
    [ -x "$venv/bin/python" ]; then
    continue
  fi
  todo+=("$requirements")
done
[ ${#todo[@]} -eq 0 ] && exit 0

command -v "$python" >/dev/null 2>&1 ||
  missing "$python not found: the pipeline tests need Python 3.11 or 3.12; install it (Debian/Ubuntu: apt-get install python3 python3-venv) or set PYTHON=/path/to/python3"
version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) ||
  missing "$python does not run; set PYTHON=/path/to/python3 (3.11 or 3.12)"
case $version in
3.11 | 3.12) ;;
*) missing "$python is Python $version; the pins in e2e/requirements/ need 3.11 or 3.12: install one and set PYTHON=/path/to/python3.11" ;;
esac
"$python" -c 'import ensurepip, venv' 2>/dev/null ||
  missing "$python has no venv module; install it (Debian/Ubuntu: apt-get install python$version-venv)"

mkdir -p "$root"
# The index, asked through pip itself so that pip's own settings (index, proxy, certificates) apply.
probe="$root/.probe"
rm -rf "$probe"
"$python" -m venv "$probe" >/dev/null 2>&1 || missing "$python -m venv fails; try: $python -m venv /tmp/check"
"$probe/bin/pip" index versions pip --disable-pip-version-check --retries 1 --timeout 30 >/dev/null 2>&1 ||
  missing "cannot reach the Python package index (PyPI, or PIP_INDEX_URL if set); the pipeline tools are installed from it once, into .venv-e2e/: connect to the internet or set PIP_INDEX_URL to a mirror"
rm -rf "$probe"

pids=()
for requirements in "${todo[@]}"; do
  tool=$(basename "$requirements" .txt)
  venv="$root/$tool"
  (
    rm -rf "$venv"
    "$python" -m venv "$venv"
    # --no-compile: byte-compiling ~1 GB of packages up front doubles the install time; Python compiles
    # what a test imports on first use.
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-compile --no-deps -r "$requirements" \
      >"$venv.log" 2>&1 ||
      { echo "e2e-venv: installing $tool failed, see $venv.log" >&2; tail -5 "$venv.log" >&2; exit 1; }
    sha256sum "$requirements" | cut -d' ' -f1 >"$venv/.requirements.sha256"
    echo "e2e-venv: $tool ready" >&2
  ) &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
