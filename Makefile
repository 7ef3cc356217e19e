# `make td`: set everything up and generate every example TD into output/.
# `make test`: the same set-up, the linters (`make lint`: ruff and mypy over src/), then the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXAMPLES := $(wildcard examples/*.toml)
DEBIAN_PACKAGES := texlive-latex-base texlive-latex-recommended texlive-latex-extra \
	texlive-lang-french texlive-pictures lmodern poppler-utils \
	chromium postgresql

.PHONY: td test lint setup tex clean

td: setup
	@for spec in $(EXAMPLES); do $(BIN)/tdgrad generate $$spec --out output || exit $$?; done

test: setup lint
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src
	$(BIN)/mypy

setup: $(VENV)/.installed tex

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

tex:
	@if command -v pdflatex >/dev/null && command -v pdftoppm >/dev/null \
		&& command -v chromium >/dev/null && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		:; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installing TeX Live, Chromium and PostgreSQL (web tests) from Debian's packages (a few minutes)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES) >/dev/null; \
	else \
		echo "TeX Live, Chromium or PostgreSQL is missing. Run:"; \
		echo "  sudo apt-get install -y --no-install-recommends $(DEBIAN_PACKAGES)"; \
		exit 1; \
	fi

clean:
	rm -rf $(VENV) output/*/ build dist
