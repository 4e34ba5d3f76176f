#!/usr/bin/env bash
# Regenerate the Python client's typed package (client/labelloop_client/generated/) from schema.graphql and the
# operations in client/labelloop_client/operations/, with ariadne-codegen from its own pinned environment.
# `scripts/client-codegen.sh [TARGET_DIR]`: TARGET_DIR (default client/labelloop_client) receives `generated/`;
# tests/unit/test_generated_client.py writes to a temporary folder and compares.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-codegen"
LOCK="$ROOT/scripts/codegen/requirements.lock"
TARGET="$(realpath "${1:-$ROOT/client/labelloop_client}")"

uv_cmd() {
  if command -v uv >/dev/null; then uv "$@"; return; fi
  python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install -q uv
  python3 -m uv "$@"
}

if [[ ! -x "$VENV/bin/ariadne-codegen" || ! -f "$VENV/.labelloop-lock" ]] || ! cmp -s "$LOCK" "$VENV/.labelloop-lock"; then
  [[ -x "$VENV/bin/python" ]] || UV_PYTHON_DOWNLOADS=never uv_cmd venv --quiet --python python3.11 "$VENV"
  uv_cmd pip sync --quiet --python "$VENV/bin/python" "$LOCK"
  cp "$LOCK" "$VENV/.labelloop-lock"
fi

# the settings are client/pyproject.toml's [tool.ariadne-codegen]; only the target folder changes here
config="$(mktemp --suffix=.toml)"
trap 'rm -f "$config"' EXIT
sed -e "s#^target_package_path = .*#target_package_path = \"$TARGET\"#" \
  -e "s#^schema_path = \"\.\./#schema_path = \"$ROOT/#" \
  -e "s#^queries_path = \"#queries_path = \"$ROOT/client/#" "$ROOT/client/pyproject.toml" >"$config"
rm -rf "$TARGET/generated"
(cd "$ROOT/client" && "$VENV/bin/ariadne-codegen" client --config "$config" >/dev/null)
