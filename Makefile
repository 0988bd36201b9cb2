# Fovea — two commands on a fresh Debian machine with Swift installed:
#   make demo   install missing system packages, build, train LeNet-5 on the bundled digits
#   make test   install missing system packages, build, run the whole test suite
SHELL := /bin/bash
SYSTEM_PACKAGES := pkg-config libpng-dev libjpeg-dev zlib1g-dev libopenblas-dev libwebp-dev libtiff-dev libgif-dev libdeflate-dev libstb-dev pngcheck libminizip-dev libopenmpi-dev openmpi-bin
SWIFT ?= swift
JOBS ?= $(shell nproc)
# Warnings are errors in every build of ours. -Xswiftc reaches only this package's targets in effect: SwiftPM
# compiles remote dependencies (swift-argument-parser) with -suppress-warnings in place of this flag.
STRICT := -Xswiftc -warnings-as-errors

.PHONY: all deps build release test demo bench sanitize clean lint format docs benchmarks-md-check

all: build

# Installs whatever is missing (apt-get as root; otherwise prints the exact command to run).
deps:
	@command -v $(SWIFT) >/dev/null || { echo "error: Swift is not installed (https://swift.org/install)"; exit 1; }
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "missing system packages; run:"; echo "  sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build $(STRICT) -j $(JOBS)

release: deps
	$(SWIFT) build -c release -j $(JOBS)

test: deps
	mkdir -p .build; $(SWIFT) test $(STRICT) -j $(JOBS) --disable-swift-testing 2>&1 | tee .build/test.log; status=$${PIPESTATUS[0]}; \
	count() { grep -cE "^Test Case '[^']+' $$1 \(" .build/test.log; }; \
	p=$$(count passed); f=$$(count failed); s=$$(count skipped); \
	if [ $$((p + f + s)) -gt 0 ]; then echo "tests: $$p passed, $$f failed, $$s skipped" | tee .build/test-summary.txt; fi; \
	if grep -E "^warning: '" .build/test.log; then echo "SwiftPM warned about the package (above): fix it, warnings are errors"; status=1; fi; \
	exit $$status

demo: release
	.build/release/fovea demo

# Every benchmark next to its Python peer (needs ../shared/bench/setup.sh once); AREAS="codecs filters ..."
bench: deps
	Benchmarks/run.sh $(AREAS)

clean:
	rm -rf .build

# --- Habits (issue 17) -------------------------------------------------------------------------------------
# swift-format (in the toolchain as `swift format`) with the repo's .swift-format: `make lint` reports and fails,
# `make format` rewrites in place. LINT_PATHS narrows either to some files or folders.
LINT_PATHS ?= Package.swift Sources Tests Benchmarks Examples
lint:
	$(SWIFT) format lint --strict --configuration .swift-format --recursive --parallel $(LINT_PATHS)
format:
	$(SWIFT) format format --in-place --configuration .swift-format --recursive --parallel $(LINT_PATHS)
# BENCHMARKS.md is assembled from Benchmarks/RESULTS-*.md (Benchmarks/assemble.py); this fails, with a diff, when
# the two have drifted apart (fix: edit the pieces and run the script, or keep hand edits with `--split`).
benchmarks-md-check:
	python3 Benchmarks/assemble.py --check

# DocC for every library module (the plugin is a dependency only when FOVEA_DOCS is set); warnings are errors.
# Archives land in .build-docs/plugins/Swift-DocC/outputs/.
DOC_TARGETS := FoveaCore FoveaImage FoveaCodecs FoveaFilters FoveaAugment FoveaNN FoveaData FoveaPlot FoveaTraining \
	FoveaExport FoveaDistributed
docs: deps
	FOVEA_DOCS=1 $(SWIFT) package --scratch-path .build-docs generate-documentation \
	  $(addprefix --target ,$(DOC_TARGETS)) --warnings-as-errors

# --- Reliability (issue 7) ---------------------------------------------------------------------------------
# Test suite under AddressSanitizer (+LeakSanitizer, XCTest's own allocations suppressed) and ThreadSanitizer.
.PHONY: asan tsan
sanitize: asan tsan
asan: deps
	LSAN_OPTIONS=suppressions=$(CURDIR)/.ci/lsan.supp $(SWIFT) test $(STRICT) --sanitize=address --scratch-path .build-asan --disable-swift-testing -j $(JOBS)
tsan: deps
	$(SWIFT) test $(STRICT) --sanitize=thread --scratch-path .build-tsan --disable-swift-testing -j $(JOBS)

# libFuzzer harnesses (Sources/FoveaFuzz): each target runs FUZZ_SECONDS, seeded from Fixtures/.
# New inputs it finds go to .build-fuzz/corpus/TARGET; crashes to .build-fuzz/crashes/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= png jpeg pnm idx npy webp tiff bmp gif any kernel checkpoint
FUZZ_FLAGS := -c release --product FoveaFuzz --scratch-path .build-fuzz $(STRICT) \
	-Xswiftc -sanitize=fuzzer,address -Xswiftc -DFOVEA_FUZZ -Xswiftc -use-ld=lld
.PHONY: fuzz fuzz-build
fuzz-build: deps
	$(SWIFT) build $(FUZZ_FLAGS) 2>&1 | grep -v "Cannot export local symbol"; test $${PIPESTATUS[0]} = 0
fuzz: fuzz-build
	@bin=$$($(SWIFT) build $(FUZZ_FLAGS) --show-bin-path)/FoveaFuzz; mkdir -p .build-fuzz/crashes; status=0; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p .build-fuzz/corpus/$$t; seeds=Fixtures/codecs/$$t; \
	  case $$t in any) seeds="Fixtures/codecs/png Fixtures/codecs/jpeg Fixtures/codecs/pnm Fixtures/codecs/webp Fixtures/codecs/tiff Fixtures/codecs/bmp Fixtures/codecs/gif Fixtures/codecs/bad";; \
	    kernel) seeds=Fixtures/fuzz/kernel;; checkpoint) seeds=Fixtures/fuzz/checkpoint;; esac; \
	  echo "== fuzz $$t for $(FUZZ_SECONDS)s"; \
	  FOVEA_FUZZ_TARGET=$$t $$bin .build-fuzz/corpus/$$t $$seeds Fixtures/fuzz/regressions/$$t \
	    -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 -max_len=1048576 \
	    -artifact_prefix=.build-fuzz/crashes/$$t- -print_final_stats=1 > .build-fuzz/$$t.log 2>&1 || status=1; \
	  grep -E "stat::number_of_executed_units|SUMMARY|ERROR" .build-fuzz/$$t.log | sed "s/^/  $$t: /"; \
	done; exit $$status
