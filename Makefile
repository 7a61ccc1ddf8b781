# Every target bootstraps .venv itself: on a fresh machine only python3 and make are needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
#: The installer make uses to set up .venv (pip when it cannot be had).
UV_VERSION := 0.13.9

.PHONY: catalogs voices run test test-full test-packaging demo bench soak screenshots lint format dist bundle clean lock

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Setting up $(VENV) (first run only; log in $(VENV)/install.log)"
	@# uv (one pinned release) installs the pinned set in a third of pip's time, when it can
	@# install as pip would with pip's own settings; else pip does (scripts/setup_venv.py)
	@$(PY) scripts/setup_venv.py --uv-version $(UV_VERSION) --log $(VENV)/install.log '.[test]' \
	  || { cat $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

run: $(STAMP)
	@$(PY) main.py $(ARGS)

test: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -n 2 -m "not serial and not packaging"
	@# the serial tests run in two processes at once: those in real windows (mostly waiting
	@# on Xvfb and a window manager, half a core) and the others, beside the short safety
	@# check and the lint, format and type checks; all but the others at a lower priority,
	@# `nice`, so that they give way to those tests' real-time threads (the real windows'
	@# wait up to seconds); all but the others' outputs are shown after them; every one of
	@# them must pass
	@echo "beside the serial tests: the real-window tests; $(PY) -m ruff check .; $(PY) -m ruff format --check .; $(PY) -m mypy"
	@{ linted=0; nice $(PY) -m ruff check . || linted=1; nice $(PY) -m ruff format --check . \
	  || linted=1; nice $(PY) -m mypy || linted=1; exit $$linted; } > $(VENV)/lint.log 2>&1 & \
	linting=$$!; \
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy nice $(PY) main.py safety-check --seconds 3 \
	  > $(VENV)/safety-check.log 2>&1 & checking=$$!; \
	windows=$$(grep -rl "pytest.mark.display" tests); \
	{ test -z "$$windows" || SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy nice $(PY) -m pytest \
	  -p no:cacheprovider -m "serial and display and not packaging" $$windows; } \
	  > $(VENV)/real-window.log 2>&1 & windowing=$$!; \
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest \
	  -m "serial and not display and not packaging" $$(grep -rl "pytest.mark.serial" tests); \
	serial=$$?; \
	wait $$windowing; windowed=$$?; wait $$checking; checked=$$?; wait $$linting; linted=$$?; \
	cat $(VENV)/real-window.log $(VENV)/lint.log $(VENV)/safety-check.log; \
	test $$serial -eq 0 && test $$windowed -eq 0 && test $$checked -eq 0 && test $$linted -eq 0

# What a clinic's device gets, built and run from outside the checkout: the wheel in a
# fresh venv, the one-folder bundle (slow: a few minutes; CI runs it after `make test`).
test-packaging: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -m packaging

# The same suite with the long fault tests at full strength (30 kills instead of 6) and
# the full safety check (30 s of play per level, every preset).
test-full: $(STAMP)
	SENSORY_GAMES_FULL_TESTS=1 SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -n 2 -m "not serial and not packaging"
	SENSORY_GAMES_FULL_TESTS=1 SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -m "serial and not packaging"
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) main.py safety-check --preset all

demo: $(STAMP)
	@$(PY) main.py autoplay --headless --activity all --attempts 3 --seed 7 --data-dir demo-output
	@$(PY) main.py export --format csv --data-dir demo-output --out demo-output/attempts.csv
	@$(PY) main.py export --format json --data-dir demo-output --out demo-output/attempts.json
	@echo "Demo files: database and exports in $(CURDIR)/demo-output"

bench: $(STAMP)
	@SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) benchmarks/run.py

soak: $(STAMP)
	@SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) benchmarks/soak.py $(ARGS)

screenshots: $(STAMP)
	@SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) scripts/screenshots.py screenshots

# The words of every language: texts marked in the code (tr, tr_n, N_) extracted with Babel
# into sensory_games/locale/<language>/<area>.po; prints what is left to translate.
catalogs: $(STAMP)
	@$(PY) scripts/catalogs.py

# The shipped voice clips: every prompt spoken in every language by the offline speech
# engine of the `voices` extra (scripts/voices.py); the same words give the same bytes.
voices: $(STAMP)
	@$(PY) -m pip install -q -c constraints.txt -e '.[voices]'
	@$(PY) scripts/voices.py

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy

format: $(STAMP)
	$(PY) -m ruff format .

# constraints.txt: the exact version of every package .venv holds (runtime, test and
# report extras), so kiosks set up months apart run the same code. `make lock` makes it
# again from the newest releases pyproject.toml allows, in a fresh venv; commit the result.
lock:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	echo "Resolving into a fresh venv in $$tmp (log in $$tmp/lock.log)" && \
	$(PYTHON) -m venv "$$tmp/venv" && \
	{ "$$tmp/venv/bin/python" -m pip install --upgrade pip && \
	  "$$tmp/venv/bin/python" -m pip install -e '.[test,report,voices]'; } > "$$tmp/lock.log" 2>&1 \
	  || { cat "$$tmp/lock.log"; exit 1; } && \
	{ echo "# Exact versions of every package make installs (pip install -c constraints.txt)."; \
	  echo "# Made by \`make lock\` (a fresh venv, pip install -e '.[test,report,voices]', pip freeze)"; \
	  echo "# with $$("$$tmp/venv/bin/python" -V) on $$(uname -sm); do not edit by hand."; \
	  "$$tmp/venv/bin/python" -m pip freeze --exclude-editable; } > constraints.txt.new && \
	mv constraints.txt.new constraints.txt && echo "Wrote constraints.txt"

# A release in dist/: the wheel a clinic's device installs, the sdist (MANIFEST.in adds
# deploy/, docs/, CHANGELOG.md, constraints.txt, LICENSE and NOTICE) and constraints.txt
# beside the wheel, which the deploy/ scripts install with (the same dependency versions
# on every kiosk, whenever it is set up).
dist: $(STAMP)
	rm -f dist/*.whl dist/*.tar.gz dist/constraints.txt  # (the bundle in dist/sensory-games/ stays)
	$(PY) -m build --outdir dist .
	cp constraints.txt dist/constraints.txt

# The standalone one-folder build, dist/sensory-games/ (packaging/sensory-games.spec):
# copy the folder to a device of the same system and run dist/sensory-games/sensory-games.
bundle: $(STAMP)
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN packaging/sensory-games.spec

clean:
	rm -rf $(VENV) demo-output screenshots build dist *.egg-info
