# Every target runs with the project's toolchain (Node 22, the pinned pulumi CLI and the
# dynamic-provider launcher) first on PATH; `make setup` brings it into a cache outside the repo.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ELB_CACHE_DIR ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/pulumi-elb-poolmember
export ELB_CACHE_DIR
export ELB_TOOLCHAIN := $(ELB_CACHE_DIR)/toolchain
export PATH := $(ELB_TOOLCHAIN)/bin:$(PATH)
export PULUMI_SKIP_UPDATE_CHECK := true

# --forceExit: a handle a failed test left open (a server, a child process) must end the run
# with that failure reported, not keep it, and CI, waiting until its time limit.
JEST := node node_modules/jest/bin/jest.js --forceExit

.PHONY: help setup setup-openstack setup-python-sdk setup-python-dist setup-go-sdk setup-sdkgen setup-registries sdks build lint format test test-unit test-engine test-octavia test-dedicated demo emulator bench plugin release clean

help:
	@echo "make demo         set up, start the emulator, run examples/basic through the pulumi CLI"
	@echo "make test         set up, build, run unit, engine and interop tests (emulator and Octavia)"
	@echo "make test-unit    unit tests only"
	@echo "make test-engine  engine tests only (the real pulumi CLI)"
	@echo "make test-octavia the engine scenarios and the interop test against OpenStack Octavia's API server only"
	@echo "                  (ELB_BACKENDS=octavia)"
	@echo "make test-dedicated the engine scenarios against the emulator's dedicated load balancers (ELB v3) only"
	@echo "                  (ELB_BACKENDS=dedicated)"
	@echo "make emulator     run the ELB emulator in the foreground (PORT=8080 optional)"
	@echo "make bench        PoolMember at scale through the pulumi CLI; report in results/ (BENCH_QUICK=1: N=10 only)"
	@echo "make sdks         the typed SDKs (Go, Python, Node.js) in sdk/go, sdk/python and sdk/nodejs-generated,"
	@echo "                  from schema.json with Pulumi's code generators; commit what it changes"
	@echo "make plugin       the resource plugin pulumi-resource-elb: a folder and a tarball in dist/ for"
	@echo "                  pulumi plugin install resource elb <version> --file <tarball>"
	@echo "make release      everything a release uploads, in dist/release: npm tarball, plugin archives and"
	@echo "                  SHA256SUMS, Python sdist and wheel, Go SDK, schema.json, docs (PLUGIN_DOWNLOAD_URL=...)"
	@echo "make lint         type-check everything and check the formatting (Prettier)"
	@echo "make format       format every TypeScript and JavaScript file with Prettier"
	@echo "make setup        bring Node 22, the pulumi CLI and npm dependencies into the cache"
	@echo "make setup-openstack"
	@echo "                  also Octavia's API server and openstacksdk, in a Python venv in the cache"
	@echo "make setup-python-sdk"
	@echo "                  also Pulumi's Python SDK (the plugin's Automation API test), in another venv"
	@echo "make setup-python-dist"
	@echo "                  also the Python release tools (build, twine, pypiserver) and a wheelhouse of"
	@echo "                  pulumi_elb's dependencies, in the cache (the loopback package index test)"
	@echo "make setup-go-sdk also the modules of the Go SDK's test (test/engine/go), in Go's caches"
	@echo "make setup-registries"
	@echo "                  also Verdaccio and a registry storage with the package's dependencies"
	@echo "                  (test/engine/npm-registry.test.ts publishes and installs on loopback)"

setup:
	@scripts/setup.sh

# Octavia's API server (the second test backend) and openstacksdk, in a venv in the cache.
setup-openstack: setup
	@scripts/setup-openstack.sh

# The typed SDKs' generator (scripts/sdkgen: Pulumi's codegen at the CLI's version), in the cache.
setup-sdkgen: setup
	@scripts/setup-sdkgen.sh

# The generated SDKs are committed (the Go module is fetched from the repository itself);
# scripts/sdks.test.ts fails when schema.json changed and this was not run.
sdks: setup-sdkgen
	@"$(ELB_TOOLCHAIN)/sdkgen" schema.json sdk

# Pulumi's Python SDK, for the plugin's Automation API test, in another venv in the cache.
setup-python-sdk: setup
	@scripts/setup-python-sdk.sh

# The Python release tools (build, twine, pypiserver) and a wheelhouse of every wheel pulumi_elb's
# install needs, in the cache, so test/engine/python-index.test.ts runs a package index offline.
setup-python-dist: setup
	@scripts/setup-python-dist.sh

# The Go modules of test/engine/go (the typed Go SDK through Go's Automation API), downloaded and
# built once into Go's module and build caches, so the test builds it offline.
setup-go-sdk: setup
	@scripts/setup-go-sdk.sh

# Verdaccio (a local npm registry) and a storage filled once through the public registry with
# what installing the package needs, so the publish-and-install test runs offline.
setup-registries: setup
	@scripts/setup-registries.sh

build: setup
	@node node_modules/typescript/bin/tsc -p tsconfig.json
	@node scripts/install-local-package.js

PRETTIER := node node_modules/prettier/bin/prettier.cjs
FORMATTED := "**/*.{ts,js}"

lint: setup
	@node node_modules/typescript/bin/tsc -p tsconfig.json --noEmit
	@$(PRETTIER) --check --log-level warn $(FORMATTED)

format: setup
	@$(PRETTIER) --write --log-level warn $(FORMATTED)

# Every jest project in one run, so the summary counts every test; the engine tests run against
# both backends (the emulator and Octavia).
test: build setup-openstack setup-python-sdk setup-python-dist setup-go-sdk setup-sdkgen setup-registries
	@rm -f .test-results.json
	@$(JEST) --json --outputFile=.test-results.json

test-unit: build setup-sdkgen
	@$(JEST) --selectProjects unit

test-engine: build setup-openstack setup-python-sdk setup-python-dist setup-go-sdk setup-sdkgen setup-registries
	@$(JEST) --selectProjects engine

# The scenario list against Octavia only (ELB_BACKENDS picks the backends the scenarios run on;
# `ELB_BACKENDS=emulator make test-engine` runs the emulator's alone).
test-octavia: build setup-openstack
	@ELB_BACKENDS=octavia $(JEST) test/engine/pool-member test/engine/lookups test/engine/mixed-clouds test/interop/octavia --selectProjects engine interop

test-dedicated: build
	@ELB_BACKENDS=dedicated $(JEST) test/engine/pool-member test/engine/lookups test/engine/dedicated --selectProjects engine

demo: build
	@node dist/scripts/demo.js

# Takes 10-20 minutes; BENCH_QUICK=1 runs N=10 only. Other knobs: see scripts/bench.ts.
bench: build
	@node dist/scripts/bench.js

# The resource plugin (every Pulumi language, pulumi import, explicit providers), from the same provider/.
plugin: build
	@node dist/scripts/build-plugin.js

# Everything a release uploads, under dist/release (PLUGIN_DOWNLOAD_URL: where the engine fetches the
# plugin from; default: schema.json's, the GitHub releases).
release: build setup-sdkgen setup-python-dist
	@PLUGIN_DOWNLOAD_URL="$(PLUGIN_DOWNLOAD_URL)" node dist/scripts/release.js

emulator: build
	@node dist/emulator/cli.js --demo --port $(or $(PORT),0)

clean:
	rm -rf dist .test-results.json
