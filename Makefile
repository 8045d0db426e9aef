# The interface to the project: `make demo`, `make test`, `make lint`, `make bench`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# `make test` runs on every core (pytest-xdist); each worker has its own test database (pytest-django
# adds _gw0, _gw1 … to its name), its own live server on a free port and its own tmp_path.
# A whole test file stays on one worker (--dist loadfile). TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
XDIST := -n $(TEST_WORKERS) --dist loadfile

.PHONY: demo test test-slow test-fast lint format bench install messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,lint]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

demo: install
	mkdir -p var
	DEBUG=true $(BIN)/lotsa migrate --no-input
	DEBUG=true $(BIN)/lotsa seed_demo
	@echo
	@echo "  Lotsa körs på http://$(HOST):$(PORT)/"
	@echo "  Demoinloggningar (lösenord: demo):"
	@echo "    coach1 … coach6, referrer1 … referrer6, manager1, manager2, admin"
	@echo "    Storstaden (egen organisation): stcoach1, streferrer1, stmanager1"
	@echo "    Samverkanspart (Arbetsförmedlingen): partner1"
	@echo "  Tvåstegsverifiering är avstängd i demon (LOTSA_REQUIRE_TWO_FACTOR=false)."
	@echo "  Deltagare: Mina sidor på http://$(HOST):$(PORT)/mina-sidor/logga-in/ med mobilnumret på"
	@echo "    raden 'Mina sidor' ovan; inloggningskoden skrivs ut här i terminalen (LOTSA_SMS_BACKEND)."
	@echo
	@echo "  Bakgrundsjobb (e-post, sms, påminnelser): en worker och schemaläggaren körs bredvid."
	@echo
	@# The demo logins have no authenticator app, so the demo signs in without a second factor.
	@# A worker sends the queued e-mail and text messages and the scheduler enqueues the
	@# scheduled jobs (decision 0024); both stop with the server.
	DEBUG=true $(BIN)/lotsa worker & worker=$$!; \
	DEBUG=true $(BIN)/lotsa scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	DEBUG=true LOTSA_REQUIRE_TWO_FACTOR=false $(BIN)/lotsa runserver $(HOST):$(PORT)

test: install
	DJANGO_SETTINGS_MODULE=lotsa.config.settings_test $(BIN)/lotsa makemigrations --check --dry-run
	$(BIN)/pytest $(XDIST)

# The long runs: every property test with many more examples, and the slow crash and fuzz tests.
test-slow: install
	$(BIN)/pytest $(XDIST) -m "slow or hypothesis" --hypothesis-profile=slow

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src/lotsa
	@# The layer contract (pyproject.toml [tool.importlinter], docs/architecture.md).
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Not part of `make test`: PostgreSQL's lotsa_bench if it answers, else SQLite; BIG=N sets the big size.
bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run_all.py $(if $(BIG),--big $(BIG))

messages: install
	@# Run from the package so makemessages sees only Lotsa's sources and compilemessages only its locale.
	cd src/lotsa && DJANGO_SETTINGS_MODULE=lotsa.config.settings_test ../../$(BIN)/lotsa makemessages \
		--all --ignore "*/tests/*" --ignore "*/migrations/*"
	cd src/lotsa && DJANGO_SETTINGS_MODULE=lotsa.config.settings_test ../../$(BIN)/lotsa compilemessages

clean:
	rm -rf $(VENV) var/*.sqlite3 build *.egg-info src/*.egg-info
