# make run: a seeded site on http://127.0.0.1:$(PORT) (SQLite under instance/).  make test: all tests.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := app

.PHONY: install run test test-fast db seed translations translations-update bench bench-instructions validate scan audit clean

install: $(VENV)/.installed translations

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

translations: $(VENV)/.installed
	$(BIN)/python scripts/translations.py compile

# Extract every translatable string, merge them into app/translations/*/messages.po, compile.
translations-update: $(VENV)/.installed
	$(BIN)/python scripts/translations.py update
	$(BIN)/python scripts/translations.py compile

db: install
	APP_ENV=development $(BIN)/flask db upgrade
	APP_ENV=development $(BIN)/flask seed
	APP_ENV=development $(BIN)/flask seed-demo-feedback

run: db
	APP_ENV=development $(BIN)/flask run --host 127.0.0.1 --port $(PORT) --with-threads

# Every test, in two worker processes (pytest-xdist; a test file stays on one worker), then the tests
# that compare wall times alone (marker `timing`). TEST_JOBS=0
# runs them in this process.
TEST_JOBS ?= 2
test: install
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile -m "not timing" $(PYTEST_ARGS)
	$(BIN)/python -m pytest -m timing $(PYTEST_ARGS)

# The edit loop: everything but the browser tests and the slow sweeps (benchmarks, fault injection).
test-fast: install
	$(BIN)/python -m pytest -n $(TEST_JOBS) -m "not browser and not slow and not timing" $(PYTEST_ARGS)

# Quality gates (README "Quality gates"): each serves a fresh seeded site on loopback, checks it,
# prints its figures and fails below its bar.
validate: install
	$(BIN)/python scripts/validate_html.py

scan: install
	PYTHON=$(PYTHON) bash scripts/scan.sh

audit: install
	bash scripts/audit.sh

# Benchmarks (README "Performance"): bench/http_bench.py, throughput under gunicorn -w 2 driven by
# wrk; bench/scale.py, the overview, a point page and a submission at 10,000 and 1,000,000 ratings.
# Both use SQLite and the local PostgreSQL, print what they measured and fail when a target is
# missed. Options: HTTP_BENCH_ARGS / SCALE_BENCH_ARGS (`python -m bench.<name> --help`).
# bench-instructions: the CPU instructions of one rating posted (callgrind), to compare two versions.
bench: install
	@status=0; \
	$(BIN)/python -m bench.http_bench $(HTTP_BENCH_ARGS) || status=1; \
	$(BIN)/python -m bench.scale $(SCALE_BENCH_ARGS) || status=1; \
	exit $$status

bench-instructions: install
	$(BIN)/python -m bench.post_instructions

clean:
	rm -rf instance test-artifacts
