#!/usr/bin/env bash
# Tools the tests need besides the stack itself; each is built or installed once and cached.
#
#   scripts/tools.sh compose   the Docker Compose CLI (built from its Go module), to validate docker-compose.yml
#   scripts/tools.sh chromium  Debian's Chromium for the end-to-end tests
#   scripts/tools.sh e2e       the end-to-end suite's packages (playwright-core, no browser download)
#   scripts/tools.sh path NAME print where a tool lives
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/scripts/stack.env.sh"
COMPOSE_VERSION=v2.40.3
COMPOSE_BIN="$CACHE/bin/docker-compose-$COMPOSE_VERSION"

log() { printf '[tools] %s\n' "$*" >&2; }

# `go install` refuses the module (it has replace directives), so build it inside the downloaded module.
ensure_compose() {
  [[ -x "$COMPOSE_BIN" ]] && return 0
  command -v go >/dev/null || { log "Go is needed to build the Compose CLI"; exit 1; }
  log "building the Docker Compose CLI $COMPOSE_VERSION (about 2 minutes, once)"
  local dir
  dir=$(cd "$ROOT" && GOFLAGS=-mod=mod go mod download -json "github.com/docker/compose/v2@$COMPOSE_VERSION" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
  mkdir -p "$CACHE/bin"
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -o "$COMPOSE_BIN.tmp" ./cmd)
  mv "$COMPOSE_BIN.tmp" "$COMPOSE_BIN"
}

ensure_chromium() {
  command -v chromium >/dev/null && return 0
  log "installing Debian's chromium for the end-to-end tests"
  local sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
}

ensure_e2e_packages() {
  local dir="$ROOT/tests/e2e" stamp="$ROOT/tests/e2e/node_modules/.labelloop-stamp"
  if [[ -f "$stamp" && "$stamp" -nt "$dir/package-lock.json" ]]; then return 0; fi
  npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2
  touch "$stamp"
}

case "${1:-}" in
  compose) ensure_compose; echo "$COMPOSE_BIN" ;;
  chromium) ensure_chromium ;;
  e2e) ensure_e2e_packages ;;
  path) case "${2:-}" in compose) echo "$COMPOSE_BIN" ;; *) exit 2 ;; esac ;;
  *) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
