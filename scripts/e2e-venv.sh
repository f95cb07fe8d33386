#!/usr/bin/env bash
# Creates (or reuses) one virtualenv per Python tool the pipeline tests drive, under .venv-e2e/:
# target-postgres, meltano, singer-tools, target-jsonl, airbyte-protocol-models. Versions are pinned
# in e2e/requirements/<tool>.txt (a full freeze, so installs are reproducible). Separate venvs because
# the tools' pins conflict. A venv is rebuilt only when its requirements file changes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=.venv-e2e
python=${PYTHON:-python3}
mkdir -p "$root"
pids=()
for requirements in e2e/requirements/*.txt; do
  tool=$(basename "$requirements" .txt)
  venv="$root/$tool"
  stamp="$venv/.requirements.sha256"
  want=$(sha256sum "$requirements" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/python" ]; then
    continue
  fi
  (
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$requirements" >"$venv.log" 2>&1 ||
      { echo "e2e-venv: installing $tool failed, see $venv.log" >&2; tail -5 "$venv.log" >&2; exit 1; }
    echo "$want" >"$stamp"
    echo "e2e-venv: $tool ready" >&2
  ) &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
