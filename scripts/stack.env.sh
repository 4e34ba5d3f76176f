# Ports and folders of the native stack; sourced by scripts/stack.sh, read by tests/ through the same
# environment variables (tests/stack.py keeps the same defaults).
STATE=${LABELLOOP_STATE_DIR:-$ROOT/.state}
CACHE=${LABELLOOP_CACHE_DIR:-$HOME/.cache/labelloop}
HTTP_PORT=${LABELLOOP_HTTP_PORT:-8080}
ES_PORT=${LABELLOOP_ES_PORT:-9200}
MONGO_PORT=${LABELLOOP_MONGO_PORT:-27017}
MONGO_DB=${LABELLOOP_MONGO_DB:-labelloop}
REDIS_PORT=${LABELLOOP_REDIS_PORT:-6379}
MLFLOW_PORT=${LABELLOOP_MLFLOW_PORT:-5000}
MONGO_EXPRESS_PORT=${LABELLOOP_MONGO_EXPRESS_PORT:-8081}   # loopback only; reached through Nginx at /mongo-express/
API_BASE_PORT=${LABELLOOP_API_BASE_PORT:-8000}   # replica N listens on API_BASE_PORT + N
API_REPLICAS=${LABELLOOP_API_REPLICAS:-2}   # api-1 … api-N behind Nginx (docs/scaling.md)
WORKERS=${LABELLOOP_WORKERS:-1}             # worker, worker-2 … worker-M: arq processes on the one queue
