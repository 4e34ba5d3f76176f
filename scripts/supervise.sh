#!/usr/bin/env bash
# Keeps one service running, as Compose's `restart: unless-stopped` does (scripts/stack.sh starts each service
# under it).
#
#   scripts/supervise.sh NAME RUN_DIR COMMAND...
#
# Runs COMMAND in its own process group; when it exits without having been asked to stop, says why in the
# service's log and starts it again after a delay that doubles while it keeps dying (1 s up to 30 s; back to 1 s
# once it has run for a minute). RUN_DIR/NAME.child.pid holds the service's pid, RUN_DIR/NAME.restarts its restart
# count, last exit and when. SIGTERM stops the service (TERM to its group, KILL after 25 s) and then the supervisor.
set -uo pipefail

name=$1 run_dir=$2
shift 2
child="" stopping=0 restarts=0 delay=1 last_exit="-" last_exit_at="-"
MAX_DELAY=30 STABLE_S=60 STOP_GRACE_S=25

say() { printf '[supervise] %s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }

write_status() {
  printf 'restarts=%s last_exit=%s last_exit_at=%s\n' "$restarts" "$last_exit" "$last_exit_at" \
    >"$run_dir/$name.restarts.tmp" && mv "$run_dir/$name.restarts.tmp" "$run_dir/$name.restarts"
}

alive() { [[ -n $child ]] && kill -0 "$child" 2>/dev/null; }

stop() {
  stopping=1
  alive || exit 0
  say "stopping $name (pid $child)"
  kill -TERM -- "-$child" 2>/dev/null || kill -TERM "$child" 2>/dev/null
  local deadline=$((SECONDS + STOP_GRACE_S))
  while alive && ((SECONDS < deadline)); do sleep 0.2; done
  if alive; then
    say "$name did not stop within ${STOP_GRACE_S}s: killing it"
    kill -KILL -- "-$child" 2>/dev/null || kill -KILL "$child" 2>/dev/null
  fi
  rm -f "$run_dir/$name.child.pid"
  exit 0
}
trap stop TERM INT HUP

describe() {  # an exit status in words
  local status=$1
  if ((status > 128)); then
    local signal; signal=$(kill -l $((status - 128)) 2>/dev/null || echo "?")
    echo "killed by SIG$signal (status $status)"
  else
    echo "exited with status $status"
  fi
}

write_status
while :; do
  started=$SECONDS
  setsid "$@" &
  child=$!
  echo "$child" >"$run_dir/$name.child.pid"
  # `wait` returns early when a trapped signal arrives; the trap then exits, so a return here is the child's end
  wait "$child"
  status=$?
  ((stopping)) && exit 0
  # what the service left behind in its group (workers of a killed master) must not hold its port
  kill -KILL -- "-$child" 2>/dev/null
  restarts=$((restarts + 1))
  last_exit=$(describe "$status" | tr ' ' '_')
  last_exit_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  if ((SECONDS - started >= STABLE_S)); then delay=1; fi
  write_status
  say "$name $(describe "$status") after $((SECONDS - started))s: restart #$restarts in ${delay}s"
  sleep "$delay" &
  wait $!
  ((stopping)) && exit 0
  delay=$((delay * 2 > MAX_DELAY ? MAX_DELAY : delay * 2))
done
