#!/usr/bin/env bash
# Tools the tests need besides the stack itself; each is built or installed once and cached.
#
#   scripts/tools.sh compose   the Docker Compose CLI (built from its Go module), to validate docker-compose.yml
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

case "${1:-}" in
  compose) ensure_compose; echo "$COMPOSE_BIN" ;;
  path) case "${2:-}" in compose) echo "$COMPOSE_BIN" ;; *) exit 2 ;; esac ;;
  *) sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
