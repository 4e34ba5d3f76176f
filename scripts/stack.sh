#!/usr/bin/env bash
# The native Labelloop stack on loopback, without Docker (docs/native-stack.md).
#
#   scripts/stack.sh up                 install what is missing, start every service, wait for health
#   scripts/stack.sh down               stop every service this script started
#   scripts/stack.sh status             one line per service
#   scripts/stack.sh logs [SERVICE]     the last log lines of one or every service
#   scripts/stack.sh start|stop|restart SERVICE
#   scripts/stack.sh cli ARGS...        server-side commands (python -m backend.cli), e.g. cli import-items DATASET FILE,
#                                       cli backup FOLDER, cli restore FOLDER [--replace] (docs/operations.md)
#
# Services: elasticsearch mongo redis mlflow api-1 … api-N worker worker-2 … worker-M mongo-express nginx, with
# N = LABELLOOP_API_REPLICAS (default 2) and M = LABELLOOP_WORKERS (default 1); docs/scaling.md.
# Everything it writes lives under the state folder (LABELLOOP_STATE_DIR, default .state/);
# downloads are cached under LABELLOOP_CACHE_DIR (default ~/.cache/labelloop) and Maven's ~/.m2.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/stack.env.sh
source "$ROOT/scripts/stack.env.sh"

MAX_PROCESSES=32  # per kind: API replicas listen on API_BASE_PORT+1 … +N
for knob in "LABELLOOP_API_REPLICAS=$API_REPLICAS" "LABELLOOP_WORKERS=$WORKERS"; do
  value=${knob#*=}
  if ! [[ $value =~ ^[0-9]+$ ]] || ((10#$value < 1 || 10#$value > MAX_PROCESSES)); then
    printf '[stack] error: %s: give a whole number from 1 to %s\n' "$knob" "$MAX_PROCESSES" >&2
    exit 2
  fi
done
API_REPLICAS=$((10#$API_REPLICAS)) WORKERS=$((10#$WORKERS))
API_SERVICES=() WORKER_SERVICES=(worker)
for ((i = 1; i <= API_REPLICAS; i++)); do API_SERVICES+=("api-$i"); done
for ((i = 2; i <= WORKERS; i++)); do WORKER_SERVICES+=("worker-$i"); done
SERVICES=(elasticsearch mongo redis mlflow "${API_SERVICES[@]}" "${WORKER_SERVICES[@]}" mongo-express nginx)
ES_VERSION=9.5.3
ES_USER=labelloop-es
VENV="$ROOT/.venv"
MLFLOW_VENV="$ROOT/.venv-mlflow"   # the MLflow server's own environment (scripts/mlflow/requirements.lock)

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] error: %s\n' "$*" >&2; exit 1; }

# run/<name>.pid is the service's supervisor (scripts/supervise.sh), run/<name>.child.pid the service itself.
pid_file() { echo "$STATE/run/$1.pid"; }

service_pid() {
  local file; file=$(pid_file "$1")
  [[ -s "$file" ]] || return 1
  local pid; pid=$(<"$file")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

is_running() { service_pid "$1" >/dev/null; }

# Start a command detached under its supervisor (restarted when it dies, as Compose's `restart: unless-stopped`),
# logging to logs/<name>.log; the supervisor's pid in run/<name>.pid, the service's in run/<name>.child.pid.
spawn() {
  local name=$1; shift
  mkdir -p "$STATE/run" "$STATE/logs"
  rm -f "$STATE/run/$name.child.pid" "$STATE/run/$name.restarts"
  setsid "$ROOT/scripts/supervise.sh" "$name" "$STATE/run" "$@" >>"$STATE/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
}

wait_until() {  # wait_until SECONDS DESCRIPTION COMMAND...
  local timeout=$1 what=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      die "$what did not become ready within ${timeout}s; see 'scripts/stack.sh logs'"
    fi
    sleep 0.3
  done
}

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_ok() { curl -fsS -o /dev/null --max-time 2 "$1"; }

# ---------------------------------------------------------------- installation

install_debian_packages() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v nginx >/dev/null || missing+=(nginx)
  command -v unzip >/dev/null || missing+=(unzip)
  command -v envsubst >/dev/null || missing+=(gettext-base)
  command -v curl >/dev/null || missing+=(curl)
  [[ -f /usr/share/games/fortunes/computers ]] || missing+=(fortunes)  # the demo text dataset
  ((${#missing[@]} == 0)) && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

uv_cmd() {
  if command -v uv >/dev/null; then uv "$@"; return; fi
  python3 -m uv --version >/dev/null 2>&1 || { log "installing uv"; python3 -m pip install -q uv; }
  python3 -m uv "$@"
}

# The virtual environment follows requirements.lock exactly (hashes checked); redone only when the lock changes.
install_python() {
  local stamp="$VENV/.labelloop-lock"
  if [[ -x "$VENV/bin/python" && -f "$stamp" ]] && cmp -s "$ROOT/requirements.lock" "$stamp" &&
    "$VENV/bin/python" -c 'import labelloop_client' 2>/dev/null; then return 0; fi
  log "installing Python packages from requirements.lock"
  [[ -x "$VENV/bin/python" ]] || UV_PYTHON_DOWNLOADS=never uv_cmd venv --quiet --python python3.11 "$VENV"
  # mlflow-skinny shares its files with the full mlflow that older locks installed here: removing that one
  # removes them, so it is always reinstalled (a copy from uv's cache)
  uv_cmd pip sync --quiet --python "$VENV/bin/python" --reinstall-package mlflow-skinny "$ROOT/requirements.lock"
  # the notebook client (client/), editable; its dependencies are in the lock, and `pip sync` removes it each time
  uv_cmd pip install --quiet --no-deps --python "$VENV/bin/python" -e "$ROOT/client"
  cp "$ROOT/requirements.lock" "$stamp"
}

# The MLflow tracking server is a service, not a library of the app: its own environment, pinned on its own
# (its UI needs graphene 3 and graphql-core 3.2, which the app's strawberry and gql do not allow).
install_mlflow_server() {
  local lock="$ROOT/scripts/mlflow/requirements.lock" stamp="$MLFLOW_VENV/.labelloop-lock"
  if [[ -x "$MLFLOW_VENV/bin/mlflow" && -f "$stamp" ]] && cmp -s "$lock" "$stamp"; then return 0; fi
  log "installing the MLflow server's environment from scripts/mlflow/requirements.lock"
  [[ -x "$MLFLOW_VENV/bin/python" ]] || UV_PYTHON_DOWNLOADS=never uv_cmd venv --quiet --python python3.11 "$MLFLOW_VENV"
  uv_cmd pip sync --quiet --python "$MLFLOW_VENV/bin/python" "$lock"
  cp "$lock" "$stamp"
}

# A full JDK >= 21 for Elasticsearch 9 (the machine's default Java 17 is too old).
find_es_java_home() {
  if [[ -n "${ES_JAVA_HOME:-}" ]]; then echo "$ES_JAVA_HOME"; return; fi
  local dir version
  for dir in /usr/lib/jvm/*/; do
    dir=${dir%/}
    [[ -x "$dir/bin/java" && -x "$dir/bin/javac" ]] || continue  # a full JDK, not a slim runtime
    version=$("$dir/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [[ ${version%%.*} -ge 21 ]]; then echo "$dir"; return; fi
  done
  die "Elasticsearch $ES_VERSION needs a full JDK >= 21: none found under /usr/lib/jvm. Install one (e.g. a Temurin 21+ JDK) or set ES_JAVA_HOME."
}

install_elasticsearch() {
  local home="$STATE/elasticsearch/home"
  [[ -x "$home/bin/elasticsearch" ]] && return 0
  local zip="$CACHE/elasticsearch-$ES_VERSION.zip"
  if [[ ! -s "$zip" ]]; then
    log "fetching Elasticsearch $ES_VERSION (about 130 MB, cached in $CACHE)"
    mkdir -p "$CACHE"
    mvn -q -B -Dstyle.color=never dependency:copy \
      "-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      "-DoutputDirectory=$CACHE" >&2
  fi
  id -u "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
  log "unpacking Elasticsearch into $home"
  rm -rf "$STATE/elasticsearch"
  mkdir -p "$STATE/elasticsearch/data" "$STATE/elasticsearch/run" "$STATE/logs/elasticsearch"
  unzip -q "$zip" -d "$STATE/elasticsearch"
  mv "$STATE/elasticsearch/elasticsearch-$ES_VERSION" "$home"
  cat >>"$home/config/elasticsearch.yml" <<EOF

# --- Labelloop native stack ---
cluster.name: labelloop
node.name: labelloop-es
path.data: $STATE/elasticsearch/data
path.logs: $STATE/logs/elasticsearch
discovery.type: single-node
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $((ES_PORT + 100))
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  chown -R "$ES_USER" "$STATE/elasticsearch" "$STATE/logs/elasticsearch"
  runuser -u "$ES_USER" -- test -x "$home/bin/elasticsearch" ||
    die "user $ES_USER cannot reach $home (Elasticsearch refuses to run as root): put the state folder on a path every user can traverse with LABELLOOP_STATE_DIR"
}

MONGO_WIRE_DIR="$ROOT/scripts/mongo-wire"
install_mongo_wire() {
  local jar="$MONGO_WIRE_DIR/target/mongo-wire.jar"
  if [[ -s "$jar" && -z $(find "$MONGO_WIRE_DIR/pom.xml" "$MONGO_WIRE_DIR/src" -newer "$jar" -print -quit) ]]; then
    return 0
  fi
  log "building the MongoDB-wire launcher (mongo-java-server)"
  mvn -q -B -Dstyle.color=never -f "$MONGO_WIRE_DIR/pom.xml" package >&2
}

TOOLS_DIR="$ROOT/scripts/tools"
install_node_tools() {  # mongosh and mongo-express, pinned in scripts/tools/package-lock.json
  local stamp="$TOOLS_DIR/node_modules/.labelloop-stamp"
  if [[ -f "$stamp" && "$stamp" -nt "$TOOLS_DIR/package-lock.json" ]]; then return 0; fi
  log "installing mongosh and mongo-express"
  npm ci --prefix "$TOOLS_DIR" --no-audit --no-fund --loglevel=error >&2
  touch "$stamp"
}

FRONTEND_DIR="$ROOT/frontend"
build_frontend() {
  local stamp="$FRONTEND_DIR/node_modules/.labelloop-stamp"
  if [[ ! -f "$stamp" || "$FRONTEND_DIR/package-lock.json" -nt "$stamp" ]]; then
    log "installing frontend packages"
    npm ci --prefix "$FRONTEND_DIR" --no-audit --no-fund --loglevel=error >&2
    touch "$stamp"
  fi
  local index="$FRONTEND_DIR/dist/index.html"
  if [[ -f "$index" && -z $(find "$FRONTEND_DIR/src" "$FRONTEND_DIR/index.html" "$FRONTEND_DIR/package-lock.json" \
        "$FRONTEND_DIR/vite.config.ts" "$FRONTEND_DIR/codegen.ts" "$ROOT/schema.graphql" -newer "$index" -print -quit) ]]; then
    return 0
  fi
  log "building the single-page app"
  npm run --prefix "$FRONTEND_DIR" --silent build >&2
}

install_all() {
  install_debian_packages
  install_python
  install_mlflow_server
  install_elasticsearch
  install_mongo_wire
  install_node_tools
  build_frontend
}

# ---------------------------------------------------------------- services

# The signing secret every API replica and the worker share: made once, before any of them starts
# (replicas start concurrently, and two secrets would make each refuse the other's tokens).
ensure_secret() {
  local secret_file="$STATE/secrets/jwt-secret"
  [[ -s "$secret_file" ]] && return 0
  mkdir -p "$STATE/secrets"; chmod 700 "$STATE/secrets"
  head -c 48 /dev/urandom | base64 | tr -d '\n/+=' >"$secret_file.tmp"
  mv "$secret_file.tmp" "$secret_file"
}

app_env() {
  local secret_file="$STATE/secrets/jwt-secret"
  ensure_secret  # a no-op after `up` made it; `start SERVICE` on a fresh state needs it too
  echo "LABELLOOP_MODE=${LABELLOOP_MODE:-demo}"
  echo "LABELLOOP_JWT_SECRET=$(<"$secret_file")"
  echo "LABELLOOP_MONGO_URI=mongodb://127.0.0.1:$MONGO_PORT"
  echo "LABELLOOP_MONGO_DB=$MONGO_DB"
  echo "LABELLOOP_ELASTICSEARCH_URL=http://127.0.0.1:$ES_PORT"
  echo "LABELLOOP_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
  echo "LABELLOOP_MLFLOW_URL=http://127.0.0.1:$MLFLOW_PORT/mlflow"
  echo "LABELLOOP_DATA_DIR=$STATE/data/app"
  echo "LABELLOOP_MLFLOW_STORE_DIR=$STATE/data/mlflow"
}

start_elasticsearch() {
  local home="$STATE/elasticsearch/home" java_home
  java_home=$(find_es_java_home)
  rm -f "$STATE/elasticsearch/run/es.pid"
  # in the foreground (-q: its log goes to logs/elasticsearch/ only), so that its supervisor sees it end
  spawn elasticsearch runuser -u "$ES_USER" -- env ES_JAVA_HOME="$java_home" \
    ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}" "$home/bin/elasticsearch" -q -p "$STATE/elasticsearch/run/es.pid"
  wait_until 120 "Elasticsearch" http_ok \
    "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s"
}

start_mongo() {
  mkdir -p "$STATE/data/mongo"
  # every write is committed and forced to the disk before it is answered; LABELLOOP_MONGO_DURABILITY=commit
  # leaves the forcing to the OS (survives a process crash, not a power loss: docs/operations.md)
  spawn mongo java ${LABELLOOP_MONGO_JAVA_OPTS:--Xmx2g} -Dlabelloop.durability="${LABELLOOP_MONGO_DURABILITY:-fsync}" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$MONGO_WIRE_DIR/target/mongo-wire.jar:$MONGO_WIRE_DIR/target/lib/*" \
    labelloop.MongoWireServer 127.0.0.1 "$MONGO_PORT" "$STATE/data/mongo/labelloop.mv"
  wait_until 60 "the MongoDB-wire server" tcp_open "$MONGO_PORT"
  # init-mongo.js, the one bootstrap of the database (collections, unique indexes; no users on this server),
  # runs at every start: the API and the worker refuse to start without what it creates.
  LABELLOOP_MONGO_DB=$MONGO_DB "$TOOLS_DIR/node_modules/.bin/mongosh" --quiet --norc \
    "mongodb://127.0.0.1:$MONGO_PORT/admin" "$ROOT/init-mongo.js" >>"$STATE/logs/mongo.log" 2>&1 ||
    die "init-mongo.js failed; see $STATE/logs/mongo.log"
}

# mongo-express, the database browser for ADMINs: on loopback, reached through Nginx at /mongo-express/ behind the
# ADMIN gate (auth_request), so its own basic auth is off. It sees the application database only, read-only unless
# LABELLOOP_MONGO_EXPRESS_READONLY=false. Log: logs/mongo-express.log.
start_mongo_express() {
  local secret_file="$STATE/secrets/mongo-express-secret"
  if [[ ! -s "$secret_file" ]]; then
    mkdir -p "$STATE/secrets"; chmod 700 "$STATE/secrets"
    head -c 48 /dev/urandom | base64 | tr -d '\n/+=' >"$secret_file"
  fi
  spawn mongo-express env \
    ME_CONFIG_MONGODB_URL="mongodb://127.0.0.1:$MONGO_PORT/$MONGO_DB" \
    ME_CONFIG_MONGODB_ENABLE_ADMIN=false \
    ME_CONFIG_BASICAUTH_USERNAME= \
    ME_CONFIG_OPTIONS_READONLY="${LABELLOOP_MONGO_EXPRESS_READONLY:-true}" \
    ME_CONFIG_SITE_BASEURL=/mongo-express/ \
    ME_CONFIG_SITE_COOKIESECRET="$(<"$secret_file")" \
    ME_CONFIG_SITE_SESSIONSECRET="$(<"$secret_file")" \
    VCAP_APP_HOST=127.0.0.1 PORT="$MONGO_EXPRESS_PORT" NODE_ENV=production \
    node "$TOOLS_DIR/node_modules/mongo-express/app.js"
  wait_until 60 "mongo-express" http_ok "http://127.0.0.1:$MONGO_EXPRESS_PORT/mongo-express/"
}

start_redis() {
  mkdir -p "$STATE/data/redis"
  spawn redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$STATE/data/redis" \
    --appendonly yes --save "" --daemonize no --protected-mode yes
  wait_until 30 "Redis" redis-cli -p "$REDIS_PORT" ping
}

start_mlflow() {
  mkdir -p "$STATE/data/mlflow/artifacts"
  # MLflow's own job runner (GenAI jobs, unused here) ignores SIGTERM: off, so that a stop is quick
  spawn mlflow env MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false "$MLFLOW_VENV/bin/mlflow" server --host 127.0.0.1 --port "$MLFLOW_PORT" --workers 1 \
    --backend-store-uri "sqlite:///$STATE/data/mlflow/mlflow.db" \
    --artifacts-destination "$STATE/data/mlflow/artifacts" \
    --static-prefix /mlflow \
    --allowed-hosts "127.0.0.1,127.0.0.1:*,localhost,localhost:*"
  wait_until 120 "MLflow" http_ok "http://127.0.0.1:$MLFLOW_PORT/mlflow/health"
}

start_api() {  # start_api api-N
  local name=$1 index=${1#api-}
  local port=$((API_BASE_PORT + index))
  mkdir -p "$STATE/data/app"
  # shellcheck disable=SC2046
  spawn "$name" env $(app_env) LABELLOOP_REPLICA_ID="$name" \
    "$VENV/bin/uvicorn" backend.main:create_app --factory --app-dir "$ROOT" \
    --host 127.0.0.1 --port "$port" --proxy-headers --forwarded-allow-ips 127.0.0.1 --no-access-log \
    --timeout-keep-alive 75
  wait_until 120 "$name" http_ok "http://127.0.0.1:$port/healthz"  # several start at once on a busy machine
}

# start_worker worker|worker-N: one arq process; every worker takes jobs from the one queue in Redis, and a cron's
# run is queued under one id per slot, so it runs once whatever the number of workers (worker/main.py).
# arq exits when Redis goes away; its supervisor starts it again.
start_worker() {
  local name=$1 starts_before
  starts_before=$(worker_starts "$name")
  # shellcheck disable=SC2046
  (cd "$ROOT" && spawn "$name" env $(app_env) LABELLOOP_REPLICA_ID="$name" "$VENV/bin/arq" worker.main.WorkerSettings)
  wait_until 90 "$name" worker_started_since "$name" "$starts_before"
}
worker_starts() {
  local log="$STATE/logs/$1.log"
  if [[ -f $log ]]; then grep -c "Starting worker" "$log" || true; else echo 0; fi
}
worker_started_since() { is_running "$1" && (($(worker_starts "$1") > $2)); }

nginx_conf() {
  local upstreams="" i
  for ((i = 1; i <= API_REPLICAS; i++)); do
    upstreams+="server 127.0.0.1:$((API_BASE_PORT + i)) max_fails=1 fail_timeout=2s; "
  done
  mkdir -p "$STATE/nginx/temp" "$STATE/logs/nginx"
  LABELLOOP_HTTP_PORT=$HTTP_PORT \
  LABELLOOP_API_SERVERS=$upstreams \
  LABELLOOP_MLFLOW_SERVER="127.0.0.1:$MLFLOW_PORT" \
  LABELLOOP_MONGO_EXPRESS_SERVER="127.0.0.1:$MONGO_EXPRESS_PORT" \
  LABELLOOP_MONGO_EXPRESS_RESOLVER="" \
  LABELLOOP_MONGO_EXPRESS_AUTHORIZATION="" \
  LABELLOOP_MONGO_EXPRESS_READONLY="${LABELLOOP_MONGO_EXPRESS_READONLY:-true}" \
  LABELLOOP_SPA_ROOT="$FRONTEND_DIR/dist" \
  LABELLOOP_TLS_PROXY_ADDRESS="${LABELLOOP_TLS_PROXY_ADDRESS:-unix:}" \
    envsubst '${LABELLOOP_HTTP_PORT} ${LABELLOOP_API_SERVERS} ${LABELLOOP_MLFLOW_SERVER} ${LABELLOOP_SPA_ROOT}
      ${LABELLOOP_MONGO_EXPRESS_SERVER} ${LABELLOOP_MONGO_EXPRESS_RESOLVER} ${LABELLOOP_MONGO_EXPRESS_AUTHORIZATION}
      ${LABELLOOP_MONGO_EXPRESS_READONLY} ${LABELLOOP_TLS_PROXY_ADDRESS}' \
    <"$ROOT/nginx/labelloop.conf.template" >"$STATE/nginx/labelloop.conf"
  cat >"$STATE/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $STATE/run/nginx.master.pid;
error_log $STATE/logs/nginx/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $STATE/logs/nginx/access.log;
  client_body_temp_path $STATE/nginx/temp/body;
  proxy_temp_path $STATE/nginx/temp/proxy;
  fastcgi_temp_path $STATE/nginx/temp/fastcgi;
  uwsgi_temp_path $STATE/nginx/temp/uwsgi;
  scgi_temp_path $STATE/nginx/temp/scgi;
  include $STATE/nginx/labelloop.conf;
}
EOF
  nginx -t -q -e "$STATE/logs/nginx/error.log" -c "$STATE/nginx/nginx.conf" >&2 || die "the generated Nginx configuration is invalid"
}

start_nginx() {
  nginx_conf
  spawn nginx nginx -e "$STATE/logs/nginx/error.log" -c "$STATE/nginx/nginx.conf"
  wait_until 30 "Nginx" http_ok "http://127.0.0.1:$HTTP_PORT/healthz"
}

start_service() {
  local name=$1
  if is_running "$name"; then return 0; fi
  log "starting $name"
  case "$name" in
    api-*) start_api "$name" ;;
    worker | worker-*) start_worker "$name" ;;
    mongo-express) start_mongo_express ;;
    *) "start_$name" ;;
  esac
}

stop_service() {
  local name=$1 pid
  pid=$(service_pid "$name") || { rm -f "$(pid_file "$name")"; return 0; }
  log "stopping $name (pid $pid)"
  # the supervisor stops the service (TERM, then KILL after 25 s) and exits
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "$name did not stop within 30s: killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.2
  done
  local child_file="$STATE/run/$name.child.pid"
  if [[ -s $child_file ]]; then kill -KILL -- "-$(<"$child_file")" 2>/dev/null || true; fi
  rm -f "$(pid_file "$name")" "$child_file"
}

known_service() {
  local s; for s in "${SERVICES[@]}"; do [[ $s == "$1" ]] && return 0; done
  if [[ $1 =~ ^(api|worker)-[0-9]+$ ]]; then
    die "$1 is beyond this stack's count (LABELLOOP_API_REPLICAS=$API_REPLICAS, LABELLOOP_WORKERS=$WORKERS): set the count and run \`make up\`"
  fi
  die "unknown service '$1'; one of: ${SERVICES[*]}"
}

# `stop` and `logs` also take a replica or worker still running from larger counts.
known_or_surplus() { [[ -n $(surplus_services | grep -Fx -- "$1") ]] || known_service "$1"; }

# API replicas and workers still running from an `up` with larger counts than now.
surplus_services() {
  local file name s
  for file in "$STATE"/run/api-*.pid "$STATE"/run/worker*.pid; do
    [[ -e $file && $file != *.child.pid ]] || continue
    name=$(basename "$file" .pid)
    for s in "${SERVICES[@]}"; do [[ $s == "$name" ]] && continue 2; done
    echo "$name"
  done
}

# The upstream follows the replica count: `up` with a changed count renders the configuration again and reloads a
# running Nginx (SIGHUP: the old workers finish their requests) before surplus replicas stop.
reload_nginx() {
  local conf="$STATE/nginx/labelloop.conf" before=""
  [[ -f $conf ]] && before=$(<"$conf")
  nginx_conf
  [[ $(<"$conf") == "$before" ]] && return 0
  log "reloading nginx: upstream api-1 … api-$API_REPLICAS"
  kill -HUP "$(<"$STATE/run/nginx.child.pid")"
}

start_concurrently() {  # services that do not depend on each other
  local pids=() s pid failed=0
  for s in "$@"; do start_service "$s" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  ((failed == 0)) || die "some services did not start (see above)"
}

cmd_up() {
  local started=$SECONDS
  install_all
  start_concurrently elasticsearch mongo redis mlflow
  ensure_secret
  start_concurrently "${API_SERVICES[@]}" "${WORKER_SERVICES[@]}" mongo-express
  if is_running nginx; then reload_nginx; else start_service nginx; fi
  local s
  for s in $(surplus_services); do stop_service "$s"; done
  if [[ ${LABELLOOP_MODE:-demo} == demo ]]; then
    # shellcheck disable=SC2046
    (cd "$ROOT" && env $(app_env) "$VENV/bin/python" -m backend.cli demo-data) >>"$STATE/logs/demo-data.log" 2>&1 ||
      log "loading the demo datasets failed; see $STATE/logs/demo-data.log"
  fi
  log "up in $((SECONDS - started))s: http://127.0.0.1:$HTTP_PORT/ (state in $STATE)"
}

cmd_down() {
  local i s
  for s in $(surplus_services); do stop_service "$s"; done
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do stop_service "${SERVICES[i]}"; done
}

# One line per service: running or not, the service's pid, and its supervisor's restart count and last exit.
cmd_status() {
  local s pid child restarts
  for s in "${SERVICES[@]}" $(surplus_services); do
    restarts=$(cat "$STATE/run/$s.restarts" 2>/dev/null || echo "restarts=0 last_exit=- last_exit_at=-")
    if pid=$(service_pid "$s"); then
      child=$(cat "$STATE/run/$s.child.pid" 2>/dev/null || echo "?")
      if kill -0 "$child" 2>/dev/null; then printf '%-14s running     pid %-8s %s\n' "$s" "$child" "$restarts"
      else printf '%-14s restarting  pid -        %s\n' "$s" "$restarts"; fi
    else printf '%-14s stopped     pid -        %s\n' "$s" "$restarts"; fi
  done
}

cmd_logs() {
  local files=()
  if [[ $# -gt 0 ]]; then
    known_or_surplus "$1"
    files=("$STATE/logs/$1.log")
    [[ $1 == elasticsearch ]] && files+=("$STATE/logs/elasticsearch/labelloop.log")
    [[ $1 == nginx ]] && files+=("$STATE/logs/nginx/error.log")
  else
    files=("$STATE"/logs/*.log)
  fi
  local f
  for f in "${files[@]}"; do
    [[ -f $f ]] || continue
    printf '==> %s <==\n' "$f"; tail -n "${LINES_PER_LOG:-40}" "$f"
  done
}

run_cli() {
  # shellcheck disable=SC2046
  (cd "$ROOT" && env $(app_env) "$VENV/bin/python" -m backend.cli "$@")
}

# Server-side commands. A backup or restore folder is taken relative to where the command was given; a restore
# stops MLflow while its store is replaced, and starts it again (docs/operations.md).
cmd_cli() {
  case "${1:-}" in
    backup | restore)
      local verb=$1 folder=${2:?"usage: cli $1 FOLDER"}; shift 2
      folder=$(realpath -m -- "$folder")
      if [[ $verb == restore ]]; then
        run_cli restore "$folder" "$@" --check || return  # a damaged backup or a full database: nothing changed
        stop_service mlflow
        local status=0
        run_cli restore "$folder" "$@" || status=$?
        start_service mlflow
        return "$status"
      fi
      run_cli backup "$folder" "$@" ;;
    *) run_cli "$@" ;;
  esac
}

main() {
  local cmd=${1:-}; shift || true
  case "$cmd" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    logs) cmd_logs "$@" ;;
    start) known_service "${1:?service}"; start_service "$1" ;;
    stop) known_or_surplus "${1:?service}"; stop_service "$1" ;;
    restart) known_service "${1:?service}"; stop_service "$1"; start_service "$1" ;;
    install) install_all ;;
    cli) cmd_cli "$@" ;;
    *) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
}

main "$@"
