# Every target bootstraps .venv itself: on a fresh machine only python3 and make are needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-full demo bench soak screenshots lint format dist clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Setting up $(VENV) (first run only; log in $(VENV)/install.log)"
	@$(PY) -m pip install --upgrade pip > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@$(PY) -m pip install -e '.[test]' >> $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

run: $(STAMP)
	@$(PY) main.py $(ARGS)

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -n 2 -m "not serial"
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -m serial
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) main.py safety-check --seconds 3

# The same suite with the long fault tests at full strength (30 kills instead of 6) and
# the full safety check (30 s of play per level, every preset).
test-full: $(STAMP)
	SENSORY_GAMES_FULL_TESTS=1 SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -n 2 -m "not serial"
	SENSORY_GAMES_FULL_TESTS=1 SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -m serial
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

lint: $(STAMP)
	$(PY) -m ruff check .

format: $(STAMP)
	$(PY) -m ruff format .

# The wheel and the sdist a clinic's device installs (pip install dist/*.whl) into dist/.
dist: $(STAMP)
	rm -rf dist
	$(PY) -m build --outdir dist .

clean:
	rm -rf $(VENV) demo-output screenshots build dist *.egg-info
