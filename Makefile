# Quick start: `make demo` runs the system and shows it working; `make test` runs every test.
# Where uv is missing, both install the pinned version first (as .ci/run does).
UV_VERSION := 0.13.8
UV ?= $(shell command -v uv 2>/dev/null || { python3 -m pip install -q "uv==$(UV_VERSION)" >&2 && command -v uv; } || echo "python3 -m uv")
PYTEST_ARGS ?=
export KOHTAAMO_RUN_DIR ?= /tmp/kohtaamo-run

.PHONY: sync up down demo demo-stack test faults bench bench-group-commit stack-up stack-down token

sync:
	$(UV) sync --frozen

up: sync
	deploy/local-stack up >/dev/null
	deploy/services up

down:
	deploy/services down
	deploy/local-stack down

# The whole system in one process on an embedded PostgreSQL (nothing to install but Python):
# a SoKu-sized programme loaded on the first run, data kept in .run/embedded between runs.
# make demo RESET=1 starts afresh; DEMO_ARGS="--port-base 9000 --once" and the like pass on.
demo: sync
	$(UV) run --frozen python -m kohtaamo.embedded --demo $(if $(RESET),--reset) $(DEMO_ARGS)

# The same services as separate processes on the local Kafka and PostgreSQL (needs Java, Maven
# and PostgreSQL's packages: see deploy/).
demo-stack: up
	$(UV) run --frozen python deploy/demo.py
	@echo "The services keep running: http://127.0.0.1:8001/docs … :8004/docs. 'make down' stops everything."

# Uses KAFKA_BOOTSTRAP_SERVERS and DATABASE_URL when both are set; otherwise the local stack.
test: sync
	@if [ -z "$${KAFKA_BOOTSTRAP_SERVERS:-}" ] || [ -z "$${DATABASE_URL:-}" ]; then \
		eval "$$(deploy/local-stack up)"; \
	fi; \
	$(UV) run --frozen pytest $(PYTEST_ARGS)

# The fault suite (not in make test: it is long, and restarts the stack's Kafka and PostgreSQL):
# FAULTS_EVENTS (100000), FAULTS_SEED, FAULTS_CONCURRENCY; services on KOHTAAMO_PORT_BASE+1…+4
# (9300). Figures to bench/results/faults.json. Always on the local stack it restarts.
faults: sync
	@eval "$$(deploy/local-stack up)"; KOHTAAMO_FAULTS=1 $(UV) run --frozen pytest tests/faults \
		-p no:cacheprovider -v $(FAULTS_PYTEST_ARGS)

# The benchmark suite (not run by make test: tests never time anything): figures beside the
# machine's ceilings, to bench/results/bench*.json. BENCH_SCALE=quick|default|national.
# The rate limit is off: the benchmark measures the services' ceilings, not the limiter.
bench: export KOHTAAMO_RATE_LIMIT_ENABLED = false
bench: sync
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk" >&2; exit 1; }
	@eval "$$(deploy/local-stack up)"; $(UV) run --frozen python bench/run.py $(BENCH_ARGS) && \
		$(UV) run --frozen python bench/key_rotation.py && \
		$(UV) run --frozen python bench/meetingplace_tallies.py

# Intake registrations at 1–64 clients with and without group commit (needs Debian's wrk).
bench-group-commit: export KOHTAAMO_RATE_LIMIT_ENABLED = false
bench-group-commit: sync
	@eval "$$(deploy/local-stack up)"; $(UV) run --frozen python bench/group_commit.py

stack-up:
	deploy/local-stack up

stack-down:
	deploy/local-stack down

# make token ROLE=intake_worker [ORG=908] [PROJECT=S20397]  (ORG defaults to Valkeakoski, a SoKu organisation)
token:
	@$(UV) run --frozen python -m kohtaamo.servicekit.devtoken --role $(or $(ROLE),intake_worker) \
		--org $(or $(ORG),908) $(if $(PROJECT),--project $(PROJECT))
