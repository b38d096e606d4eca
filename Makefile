# ml-connector. `make demo` and `make test` work on a fresh machine: each installs the
# Debian packages it needs, builds, and runs.
SWIFT ?= swift
CC ?= cc
PLUGINS := plugins
RELEASE_BIN = $(shell $(SWIFT) build -c release --show-bin-path)
CFLAGS_PLUGIN := -std=c11 -O2 -Wall -Wextra -shared -fPIC -I SDK/include

.PHONY: all deps build test demo bench clean help

all: build

help:
	@echo "make build   release build of mlc and every connector; .so files copied into $(PLUGINS)/"
	@echo "make test    build and run the whole test suite"
	@echo "make demo    build, then run the demo flow on generated data"
	@echo "make bench   throughput and memory benchmarks; writes bench/RESULTS.md"

deps:
	@scripts/install-deps.sh

# The host and the Swift connectors, then the C example built exactly as a third party would.
build: deps
	$(SWIFT) build -c release
	@mkdir -p $(PLUGINS)
	cp $(RELEASE_BIN)/libmlc-*.so $(PLUGINS)/
	$(CC) $(CFLAGS_PLUGIN) -o $(PLUGINS)/libmlc-jsonl.so SDK/Examples/jsonl/*.c
	@echo "built $(RELEASE_BIN)/mlc and $$(ls $(PLUGINS) | tr '\n' ' ')"

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

demo: build
	@scripts/demo.sh $(RELEASE_BIN)/mlc $(PLUGINS)

bench: build
	@python3 scripts/bench.py $(RELEASE_BIN)/mlc $(PLUGINS)

clean:
	rm -rf .build $(PLUGINS) demo bench/work
