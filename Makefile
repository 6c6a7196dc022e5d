# Two commands on a fresh machine: `make site` builds the demo portal, `make test` tests it.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

# What the tests need beyond Python (Debian packages): Chromium and fonts for every script
# the demo portal is written in (tests/browser/), Java and npm for the Nu HTML Checker,
# openssl for the local https site of the link checker, faketime to run a check a year
# ahead, git for the content version. Java and npm are left alone when already installed.
APT_PACKAGES := chromium fonts-noto-core openssl faketime git kiwix-tools poppler-utils
VNU_VERSION := 26.9.27
VNU_JAR_IN_VENV := $(VENV)/vnu/node_modules/vnu-jar/build/dist/vnu.jar
NOTO := /usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf
# The Nu HTML Checker: the npm package only carries vnu.jar. Its install script would
# download a Java runtime, which Debian's makes unnecessary.
NPM_VNU := npm install --silent --no-save --no-audit --no-fund --ignore-scripts \
	--prefix $(VENV)/vnu vnu-jar@$(VNU_VERSION)
SUDO = $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: site test prerequisites setup serve check bench clean

$(BIN)/gcm-portal: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

site: $(BIN)/gcm-portal  ## build the demo portal into site/
	$(BIN)/gcm-portal build

# Never a pass by skipping: what is missing is installed first (as root), or the run stops
# with the commands that install it. In CI (CI=true) a skipped test fails the run.
test:  ## lint, then run every test
	@$(MAKE) --no-print-directory prerequisites || { [ "$$(id -u)" -eq 0 ] \
		&& echo "make test: running as root, so installing them now: make setup" \
		&& $(MAKE) --no-print-directory setup && $(MAKE) --no-print-directory prerequisites; }
	@$(MAKE) --no-print-directory $(BIN)/gcm-portal
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

prerequisites:  ## say what the tests need and this machine lacks, and how to install it
	@missing=""; packages=""; vnu=""; \
	chromium="$${GCM_CHROMIUM:-$$(command -v chromium || command -v chromium-browser || echo /usr/bin/chromium)}"; \
	[ -x "$$chromium" ] || { missing="$$missing\n  - Chromium at $$chromium (or set GCM_CHROMIUM)"; packages="$$packages chromium"; }; \
	[ -f "$(NOTO)" ] || { missing="$$missing\n  - the Noto fonts ($(NOTO))"; packages="$$packages fonts-noto-core"; }; \
	for tool in openssl faketime git; do \
		command -v $$tool >/dev/null 2>&1 || { missing="$$missing\n  - $$tool"; packages="$$packages $$tool"; }; \
	done; \
	command -v kiwix-serve >/dev/null 2>&1 || { missing="$$missing\n  - kiwix-serve (Debian's kiwix-tools), for the Kiwix search tests"; packages="$$packages kiwix-tools"; }; \
	command -v pdftoppm >/dev/null 2>&1 || { missing="$$missing\n  - pdftoppm (Poppler), for the handout print test"; packages="$$packages poppler-utils"; }; \
	command -v java >/dev/null 2>&1 || { missing="$$missing\n  - Java, for the Nu HTML Checker"; packages="$$packages default-jre-headless"; }; \
	command -v node >/dev/null 2>&1 || { missing="$$missing\n  - Node.js, for the search script tests"; packages="$$packages npm"; }; \
	jar="$${VNU_JAR:-$(VNU_JAR_IN_VENV)}"; \
	[ -f "$$jar" ] || { missing="$$missing\n  - the Nu HTML Checker at $$jar (or set VNU_JAR)"; vnu=1; \
		command -v npm >/dev/null 2>&1 || case "$$packages" in *npm*) ;; *) packages="$$packages npm";; esac; }; \
	[ -z "$$missing" ] && exit 0; \
	printf 'make test: the tests need what this machine does not have:%b\n' "$$missing"; \
	echo "Install it with 'make setup' (as root, or with sudo for apt-get), or by hand:"; \
	[ -z "$$packages" ] || echo "  sudo apt-get install -y --no-install-recommends$$packages"; \
	[ -z "$$vnu" ] || echo "  $(NPM_VNU)"; \
	exit 1

setup:  ## install what the browser, HTML-validator and clock tests need (Debian, as root or with sudo)
	@packages="$(APT_PACKAGES)"; \
	command -v java >/dev/null 2>&1 || packages="$$packages default-jre-headless"; \
	command -v npm >/dev/null 2>&1 || packages="$$packages npm"; \
	set -ex; \
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		$$packages >/dev/null
	$(NPM_VNU)

serve: $(BIN)/gcm-portal  ## live preview on http://127.0.0.1:8000/
	$(BIN)/gcm-portal serve

check: $(BIN)/gcm-portal  ## the pull-request gate: content, data and catalogs
	$(BIN)/gcm-portal check

bench: $(BIN)/gcm-portal  ## page weight, build scale and live preview against the plain stack
	$(BIN)/python bench/page_weight.py
	$(BIN)/python bench/build_scale.py
	$(BIN)/python bench/serve_reload.py

clean:
	rm -rf site site.building site.previous
