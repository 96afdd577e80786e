# Xã Số — `make build` builds the whole site (both languages, every PDF); `make test` runs the tests.
# Both install what they need first: a local virtual environment (.venv, pinned requirements.txt),
# the pinned npm packages (package-lock.json) and Debian packages (Chromium, poppler, Pango).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium graphviz poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
SERVE_ADDR ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: help build test serve deps system-deps bench translations lms release verification new-module publish clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /  make \1\t/' | expand -t 24

build: deps  ## build the whole site into site/ (both languages, every PDF and zip)
	@rm -rf .site-tmp
	$(BIN)/mkdocs build --strict --site-dir .site-tmp
	@# Swap only after a successful build: a failed build never replaces the previous site/.
	@rm -rf .site-old && { [ ! -d site ] || mv site .site-old; } && mv .site-tmp site && rm -rf .site-old
	@echo "Built site/ (open site/index.html)"

test: deps  ## run the tests (builds the site once into a temporary folder)
	$(BIN)/python -m pytest

serve: deps  ## live preview for authors at http://127.0.0.1:8000 (PDFs skipped unless XASO_PDF=1)
	$(BIN)/mkdocs serve --dirty --no-strict --dev-addr $(SERVE_ADDR)

bench: deps  ## benchmarks: PDFs, page weights, Lighthouse, the author loop (numbers, not tests)
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/lms.py
	$(BIN)/python bench/weight.py
	$(BIN)/python bench/lighthouse.py
	$(BIN)/python bench/serve.py

translations: deps  ## translation status; ARGS='--stamp FILE' records a translation's source version
	$(BIN)/python -m xaso translations $(ARGS)

lms: deps  ## only the LMS packages (SCORM 1.2, Moodle XML, GIFT) into site/download/lms (make build makes them too)
	@rm -rf .site-lms
	XASO_PDF=0 XASO_ZIP=0 $(BIN)/mkdocs build --strict --site-dir .site-lms
	@mkdir -p site/download && rm -rf site/download/lms && mv .site-lms/download/lms site/download/lms && rm -rf .site-lms
	@echo "LMS packages in site/download/lms/"

release: deps  ## start a new edition: make release EDITION=2026.2 (then fill in the changelog and make publish)
	@test -n "$(EDITION)" || { echo "usage: make release EDITION=2026.2"; exit 2; }
	$(BIN)/python -m xaso release $(EDITION)

verification: deps  ## list the editor marks (<!-- verify: … -->) left in the sources, for editors
	$(BIN)/python -m xaso verification

# Adds the current edition (curriculum/course.yml) to the gh-pages branch with mike, older editions
# kept, and points `latest` (the default) at it. CI: `make publish MIKE_FLAGS=--push`.
# Preview every edition with the selector: .venv/bin/mike serve
publish: deps  ## add this edition to the gh-pages branch with mike (MIKE_FLAGS=--push to push)
	edition="$$($(BIN)/python -m xaso edition)" && PATH="$(abspath $(BIN)):$$PATH" XASO_VERSION_PROVIDER=mike \
	  $(BIN)/mike deploy --update-aliases $(MIKE_FLAGS) "$$edition" latest
	$(BIN)/mike set-default $(MIKE_FLAGS) latest

new-module: deps  ## scaffold a module's pages and exercise: make new-module ID=e20
	@test -n "$(ID)" || { echo "usage: make new-module ID=e20 [ARGS='--slug e20-du-lich-so --title-vi \"…\" --title-en \"…\"']"; exit 2; }
	$(BIN)/python -m xaso new-module $(ID) $(ARGS)

deps: $(VENV)/.installed node_modules/.installed system-deps

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi

clean:  ## remove built sites and caches
	rm -rf site .site-tmp .site-old .cache
