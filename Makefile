# Tollbook — the two commands of the README are `make run` and `make test`.
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin

SWIFT ?= swift
RELEASE_DIR = .build/release
SAMPLE = examples/cucm/cdr_StandAloneCluster_01_202503030800_1
DEMO_DB ?= tollbook.db

.PHONY: deps build release run test bench soak clean bench-analytics

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Installs what is missing, builds in release mode, imports the bundled CUCM sample into
# ./tollbook.db (or DEMO_DB) and prints its calls.
run: release
	$(RELEASE_DIR)/tollbook plugins list
	$(RELEASE_DIR)/tollbook import --db $(DEMO_DB) --config examples/tollbook.yaml --connector cisco.cucm --source demo-cucm $(SAMPLE)
	$(RELEASE_DIR)/tollbook calls --db $(DEMO_DB)

# Every test: unit, plugin, store and end-to-end CLI tests.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Benchmarks (not tests, all under benchmarks/): rating engine, pricing stage, the store's insert /
# read / re-pricing throughput, import throughput and peak memory against a
# plain Python script, journal appends, and capture throughput over TCP and HTTP with worker
# isolation against in-process plugins; the roll-up builder (RollupBench: µs per leg, and a group's 30 days
# from roll-ups against from legs); last the analytics benchmark (bench-analytics, below).
BENCH_ROWS ?= 1000000
# BASELINE=path/to/an/earlier/tollbook: import before/after in the same run (refactorings stay within 3 %).
bench: release
	$(RELEASE_DIR)/RatingBench 1000000 10000
	$(RELEASE_DIR)/PricingBench 200000 tariffs
	$(RELEASE_DIR)/StoreBench 500000
	python3 benchmarks/import_bench.py --rows $(BENCH_ROWS) --encrypted --tollbook $(RELEASE_DIR)/tollbook $(if $(BASELINE),--baseline $(BASELINE))
	$(RELEASE_DIR)/JournalBench
	python3 benchmarks/capture_bench.py --tollbook $(RELEASE_DIR)/tollbook
	python3 benchmarks/read_bench.py --rows $(BENCH_ROWS) --tollbook $(RELEASE_DIR)/tollbook --readbench $(RELEASE_DIR)/ReadBench
	$(RELEASE_DIR)/EncryptionBench $(BENCH_ROWS)
	$(RELEASE_DIR)/RollupBench 300000
	python3 benchmarks/analytics_bench.py --calls $(ANALYTICS_CALLS) --runs $(ANALYTICS_RUNS) $(ANALYTICS_FLAGS) --tollbook $(RELEASE_DIR)/tollbook

# Analytics benchmark (issue 19 §6, docs/benchmarks.md): ANALYTICS_CALLS generated calls over a year, import
# with and without roll-ups, `tollbook kpi` latency against DuckDB (PyPI, installed into bench-out/venv) over
# the same calls, peak concurrency of a trunk group, the management-summary PDF; writes bench-out/analytics.json.
# ANALYTICS_FLAGS: --skip-detail times the KPI commands on the roll-ups only (at 10 M calls the detail path
# takes about half an hour per run); ANALYTICS_FLAGS= times both.
ANALYTICS_CALLS ?= 10000000
ANALYTICS_RUNS ?= 3
ANALYTICS_FLAGS ?= --skip-detail
bench-analytics: release
	python3 benchmarks/analytics_bench.py --calls $(ANALYTICS_CALLS) --runs $(ANALYTICS_RUNS) $(ANALYTICS_FLAGS) --tollbook $(RELEASE_DIR)/tollbook

# Kill soak (not a test): SIGKILLs the service SOAK_ROUNDS times while peers send over spool, SFTP,
# HTTP and TCP (with and without resend); prints lost / doubled per transport (expected 0 / 0) and
# the TCP no-resend window. SOAK_ROUNDS=30 (or more) for the figures in docs/capture.md.
SOAK_ROUNDS ?= 5
soak: release
	python3 benchmarks/soak.py --tollbook $(RELEASE_DIR)/tollbook --rounds $(SOAK_ROUNDS)

clean:
	rm -rf .build bench-out
