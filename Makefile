# The GAN course. `make help` lists the targets.
# The interpreter .venv is made from. Grading is CPU-bound Python, and Debian's
# /usr/bin/python3 grades 7 to 12% faster than pyenv's default build (README, "How long it
# takes"): the system's python3 when it is 3.11 or newer and can make a venv, else python3.
SYSTEM_PYTHON := /usr/bin/python3
PYTHON ?= $(shell $(SYSTEM_PYTHON) -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' \
	2>/dev/null && echo $(SYSTEM_PYTHON) || echo python3)
VENV ?= .venv
PY := $(VENV)/bin/python
# nbgrader runs `alembic` as a subprocess: the venv's bin/ must be on PATH.
export PATH := $(abspath $(VENV))/bin:$(PATH)

.PHONY: help venv data workspace lab lab-extension check release demo grade test test-quick formgrader hub hub-remove hub-deps train benchmark benchmark-grading clean

help:
	@echo "make demo     set up, release course/ from solutions/, grade sample submissions"
	@echo "make test     set up, then run the test suite (what CI runs)"
	@echo "make test-quick  the unit tests and a quick grading proof (LESSON=... for one lesson)"
	@echo "make workspace  copy the lessons you do not have yet into work/ (never overwrites);"
	@echo "                RESET=01_dense_gan moves your notebook aside and copies a fresh one"
	@echo "make lab      make the workspace, then open work/ in JupyterLab"
	@echo "make lab-extension  build the Check button's JupyterLab frontend again (needs node and npm)"
	@echo "make check    grade your notebooks in work/ with the hidden tests (NOTEBOOKS=... for others)"
	@echo "make formgrader  JupyterLab on nbgrader's Formgrader, for instructors"
	@echo "make hub      (as root) the course on a JupyterHub here (PORT=8000): an instructor, two students;"
	@echo "              Ctrl-C stops it; make hub-remove deletes its accounts and build/hub/"
	@echo "make train    run the instructor solutions at full length into build/train/"
	@echo "make release  regenerate course/ from solutions/ with nbgrader"
	@echo "make grade SUBMISSIONS=folder-or-zip  grade a class into build/class/"
	@echo "make benchmark  time one training step: the seed's loop, the lesson's, one tf.function"
	@echo "make benchmark-grading  time grading a synthetic class of 100 students, serially and in parallel"

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# What the course takes from Debian, installed when missing and we may (root, apt-get): Fashion-MNIST,
# and bubblewrap, the sandbox grading runs students' code in; `make test` adds chromium and its
# driver, for the browser tests. Elsewhere nothing is installed: the data comes from what
# gancourse.data finds ($$FASHION_MNIST_DIR, the Keras cache, a download), `make check` and
# `make demo` grade without the sandbox and say so, and the tests that need one are skipped.
DEBIAN_PACKAGES := dataset-fashion-mnist bubblewrap
test: DEBIAN_PACKAGES += chromium chromium-driver

data: venv
	@missing=$$(for package in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q 'ok installed' || echo $$package; done); \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing from Debian:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	$(PY) -m gancourse

# work/<lesson>/ is the student's: created when missing, never overwritten.
workspace: venv
	$(PY) -m autograder workspace $(foreach lesson,$(RESET),--reset $(lesson))

check: data
	$(PY) -m autograder check $(NOTEBOOKS)

release: venv
	$(PY) -m autograder release

demo: data
	$(PY) -m autograder demo

grade: data
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=folder-or-zip"; exit 2; }
	$(PY) -m autograder grade --submissions "$(SUBMISSIONS)"

# Two pytest processes (pytest-xdist), each taking whole test files, longest first (tests/conftest.py):
# a quarter of a one-process run's CPU time was idle, waiting on a browser, a sleeping notebook, Dask's
# start (benchmarks/README.md, "The test suite").
test: data hub-deps
	$(PY) -m pytest -n 2 --dist loadscope --no-loadscope-reorder

# The inner loop of whoever edits a lesson (README, "For course authors"): the unit tests, and of
# each lesson (LESSON=02_dcgan for one) its solution, its blank and one wrong variant per test.
test-quick: data
	$(PY) -m pytest -m quick $(foreach lesson,$(LESSON),--lesson=$(lesson))

# JupyterLab with nbgrader's extensions. It runs in autograder/, so that nbgrader (the
# Validate button, the Formgrader) reads the course config; the repository is its root.
# The page it opens is LabApp's default_url: JupyterLab ignores ServerApp's.
# $(call LAB,student|instructor) puts autograder/lab/<who>/ first on the Jupyter config path:
# the student's has no instructor tools (autograder/README.md, "JupyterLab").
# autograder/lab/jupyter/ goes on JUPYTER_PATH: it holds the Check button's built frontend
# (labextensions/gancourse-check/, committed: no node needed), whose server side the student's config enables.
LAB = cd autograder && JUPYTER_CONFIG_PATH=$(CURDIR)/autograder/lab/$(1)$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH} \
	JUPYTER_PATH=$(CURDIR)/autograder/lab/jupyter$${JUPYTER_PATH:+:$$JUPYTER_PATH} \
	../$(VENV)/bin/jupyter lab --ServerApp.root_dir=.. $$([ "$$(id -u)" = 0 ] && echo --allow-root)

lab: data workspace
	$(call LAB,student) --LabApp.default_url=/lab/tree/work

# The Check button's frontend, built again from autograder/lab/extension/src/ into
# autograder/lab/jupyter/labextensions/gancourse-check/ (commit that): needs node 20 and npm.
lab-extension: venv
	cd autograder/lab/extension && npm install --no-audit --no-fund && PATH=$(abspath $(VENV))/bin:$$PATH npm run build

formgrader: data
	$(call LAB,instructor) --LabApp.default_url=/formgrader

# The course on a JupyterHub (README, "nbgrader and JupyterHub"): jupyterhub in the venv (the
# `hub` extra), configurable-http-proxy from npm into build/ (nothing global). Without npm, as
# root with apt-get, Debian's npm is installed; elsewhere tests/test_hub.py is skipped, with the reason.
HUB_PROXY := build/configurable-http-proxy/node_modules/.bin/configurable-http-proxy

hub-deps: $(VENV)/.hub-installed $(HUB_PROXY)

$(VENV)/.hub-installed: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test,hub]'
	touch $@

$(HUB_PROXY):
	@if ! command -v npm >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing from Debian: npm"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; fi
	@if command -v npm >/dev/null; then \
		npm install --prefix build/configurable-http-proxy --no-fund --no-audit --silent configurable-http-proxy@4; \
	else echo "npm is missing: make hub and tests/test_hub.py need configurable-http-proxy, from npm"; fi

hub: data hub-deps
	$(PY) -m autograder hub $(if $(PORT),--port $(PORT))

hub-remove: venv
	$(PY) -m autograder hub --remove

train: data
	$(PY) -m autograder train

clean:
	rm -rf build

benchmark: data
	$(PY) benchmarks/speed.py

benchmark-grading: data
	$(PY) benchmarks/grading.py
