# The few verbs people need. The native stack is scripts/stack.sh; Docker users run `docker compose up -d`.
SHELL := /bin/bash
PYTHON := .venv/bin/python

.PHONY: up down status logs test test-unit test-e2e schema client lint lock bench

up:            ## install what is missing and start every service on loopback (idempotent)
	@scripts/stack.sh up

down:          ## stop every service the stack started
	@scripts/stack.sh down

status:        ## one line per service
	@scripts/stack.sh status

logs:          ## last log lines of every service (SERVICE=name for one)
	@scripts/stack.sh logs $(SERVICE)

test: up       ## start the stack, then run every test against it: pytest, the SPA's unit tests, e2e in Chromium
	@scripts/tools.sh compose >/dev/null
	@scripts/tools.sh chromium
	@scripts/tools.sh e2e
	$(PYTHON) -m pytest --durations=25 --junitxml=test-artifacts/pytest.xml $(PYTEST_ARGS)
	npm test --prefix frontend --silent
	npm test --prefix tests/e2e --silent

test-e2e:      ## the end-to-end suite alone (Chromium through Nginx; the stack must be up)
	@scripts/tools.sh chromium
	@scripts/tools.sh e2e
	npm test --prefix tests/e2e --silent

test-unit:     ## tests that need no service
	$(PYTHON) -m pytest tests/unit $(PYTEST_ARGS)

schema:        ## rewrite schema.graphql from the code
	$(PYTHON) -m strawberry export-schema backend.api.schema:schema --output schema.graphql

client:        ## rewrite the Python client's generated package (client/labelloop_client/generated) from schema.graphql
	scripts/client-codegen.sh

lint:          ## ruff, mypy (strict), the architecture's import contracts and the frontend's type check (CI runs it)
	$(PYTHON) -m ruff check backend worker tests client
	$(PYTHON) -m ruff format --check backend worker tests client
	$(PYTHON) -m mypy
	$(PYTHON) -m mypy client/labelloop_client client/examples
	.venv/bin/lint-imports --no-cache
	npm run --prefix frontend --silent typecheck

lock:          ## re-pin requirements.lock (the app), scripts/mlflow/ (the MLflow server) and scripts/codegen/ (ariadne-codegen) locks, with hashes
	uv pip compile pyproject.toml --group dev --generate-hashes --universal --python-version 3.11 -q -o requirements.lock
	uv pip compile scripts/mlflow/requirements.in --generate-hashes --universal --python-version 3.11 -q -o scripts/mlflow/requirements.lock
	uv pip compile scripts/codegen/requirements.in --generate-hashes --universal --python-version 3.11 -q -o scripts/codegen/requirements.lock

bench:         ## benchmarks against the running stack (figures and ratios, not pass/fail)
	$(PYTHON) bench/import_search.py
	$(PYTHON) bench/annotate.py
	$(PYTHON) bench/annotate.py --pace human
	$(PYTHON) bench/pages.py
	$(PYTHON) bench/training.py
	$(PYTHON) bench/serving.py
	$(PYTHON) bench/loop.py
	$(PYTHON) bench/spans.py
