# fastcharge_nb: every target does its own set-up in .venv (Python 3.11 and the package registries are all it needs).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.fastcharge-installed
DEMO_CONFIG ?= configs/quick_cycle0.yaml
DEMO_OUT ?= runs/demo

.PHONY: install demo test test-slow docs lab export clean bench lock

$(STAMP): settings.ini setup.py constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# torch first, pinned: a range admitting a newer torch pulls a multi-GB CUDA build
	$(BIN)/python -m pip install -q -c constraints.txt torch==2.13.0
	# every version as constraints.txt pins it (a run repeats only with the same versions; see chapter 00, Seeding)
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install the package with its dev tools

lock: install  ## write constraints.txt again from .venv (after changing a requirement in settings.ini)
	{ sed -n '1,3p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | grep -v '^#'; } > constraints.txt.new && mv constraints.txt.new constraints.txt

demo: install  ## run the main job on the quick config and print where its results are
	$(BIN)/fastcharge demo --config $(DEMO_CONFIG) --out $(DEMO_OUT)

test: install  ## run every notebook as a test (cells flagged slow are skipped)
	$(BIN)/nbdev_test --n_workers 2 --timing

test-slow: install  ## run the notebooks including the slow cells
	$(BIN)/nbdev_test --n_workers 2 --flags slow --timing

export: install  ## export the notebooks to the package and clean them
	$(BIN)/nbdev_export && $(BIN)/nbdev_clean

docs: install  ## build the docs site into _docs/ and regenerate README.md
	PATH="$(abspath $(BIN)):$$PATH" bash scripts/build_docs.sh

bench: install  ## benchmarks (JSON on the last line)
	$(BIN)/fastcharge bench env

lab: install  ## open the notebooks in JupyterLab
	$(BIN)/jupyter lab nbs

clean:
	rm -rf _docs _proc runs/demo
