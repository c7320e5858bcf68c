# wold - the two commands of the README:
#   make demo   installs what is missing, builds, and fits the ACSI model
#   make test   installs what is missing, builds, runs the suite, then runs
#               it again under AddressSanitizer + UndefinedBehaviorSanitizer
# Everything else (build, bench, clean) is here for convenience.

# The Debian 12 packages the build and the tests need.
DEPS := cmake make gcc pkg-config libgsl-dev libopenblas-dev liblapacke-dev \
        libjson-c-dev libcmocka-dev
JOBS ?= 2
BUILD ?= build
ASAN_BUILD ?= build-asan

.PHONY: all deps build demo test test-release test-asan bench clean

all: build

# Installs missing packages as root; otherwise prints the exact command.
deps:
	@missing=""; for p in $(DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" \
	    || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	      || exit 1; \
	  else \
	    echo "wold needs these Debian packages; run as root:"; \
	    echo "  apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	./$(BUILD)/wold fit models/acsi.wold datasets/acsi_2000.csv

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DWOLD_SANITIZE=ON \
	  -DWOLD_BENCH=OFF >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

test: test-release test-asan

bench: build
	./$(BUILD)/bench/wold_bench

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
