# wold - the two commands of the README:
#   make demo   installs what is missing, builds, and fits the ACSI model
#   make test   installs what is missing, builds, runs the suite, then runs
#               it again under AddressSanitizer + UndefinedBehaviorSanitizer,
#               then runs each fuzz target for FUZZ_TIME seconds (clang,
#               libFuzzer, ASan + UBSan)
# Everything else (build, bench, clean) is here for convenience.
# The test builds treat warnings as errors (WOLD_WERROR=ON); build and demo
# do not, so a newer compiler's new warning cannot stop them.  Every cmake
# call sets WOLD_WERROR, so a cached value never carries over.

# The Debian 12 packages the build needs (DEPS: `make demo`, `make build`)
# and those only the tests need on top (TEST_DEPS: `make test`).  Open MPI
# for `mpirun -n K wold fit` (docs/scale.md); libxlsxwriter for
# `--format xlsx` (docs/tables.md); ReadStat for SPSS, Stata and SAS files
# (docs/statfiles.md).  cmocka: the build compiles the test programs too.
DEPS := cmake make gcc pkg-config libgsl-dev libopenblas-dev liblapacke-dev \
        libjson-c-dev libcmocka-dev zlib1g-dev libzstd-dev libfast-float-dev \
        g++ libopenmpi-dev openmpi-bin libxlsxwriter-dev libreadstat-dev
# clang and its sanitizer and libFuzzer runtimes for the fuzz targets; zstd
# and unzip make and read the tests' compressed files and workbooks;
# Chromium and the CJK fonts run the browser test of the HTML report
# (tests/browser/report.sh); R, testthat and jsonlite the R package's
# tests (bindings/r, docs/r.md); groff-base and man-db render the man
# pages, bash-completion runs the completion test, dpkg-dev's
# dpkg-shlibdeps gives the Debian package its Depends, binutils' readelf
# and nm check the installed library (docs/install.md); perl's core
# Compress::Zlib writes the zlib-wrapped test files (tests/cli/stream.sh).
TEST_DEPS := clang libclang-rt-14-dev zstd unzip chromium fonts-noto-cjk \
        r-base-dev r-cran-testthat r-cran-jsonlite groff-base man-db \
        bash-completion dpkg-dev binutils perl
JOBS ?= 2
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_TIME ?= 20
FUZZ_TARGETS := fuzz_model fuzz_csv fuzz_grades fuzz_table fuzz_stream fuzz_sums
FUZZ_TARGETS += fuzz_stat fuzz_likert

.PHONY: all deps test-deps build demo test test-release test-asan test-fuzz bench clean \
        install deb

all: build

# Installs missing packages as root; otherwise prints the exact command.
define install_missing
	@missing=""; for p in $(1); do \
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
endef

deps:
	$(call install_missing,$(DEPS))

test-deps:
	$(call install_missing,$(DEPS) $(TEST_DEPS))

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DWOLD_WERROR=OFF \
	  >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	./$(BUILD)/wold fit models/acsi.wold datasets/acsi_2000.csv

test-release: test-deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DWOLD_WERROR=ON \
	  >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: test-deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DWOLD_SANITIZE=ON \
	  -DWOLD_WERROR=ON -DWOLD_BENCH=OFF >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

# The fuzz targets (tests/fuzz), built by clang with ASan + UBSan and -O1
# with assertions on, each run for FUZZ_TIME seconds on a temporary copy of
# its seed corpus; the two run at once, one core each.
test-fuzz: test-deps
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang \
	  -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
	  -DWOLD_FUZZ=ON -DWOLD_SANITIZE=ON -DWOLD_WERROR=ON -DWOLD_TESTS=OFF \
	  -DWOLD_BENCH=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(FUZZ_TARGETS)
	sh tests/fuzz/run.sh $(FUZZ_BUILD)/tests/fuzz $(FUZZ_TIME) $(FUZZ_TARGETS)

test: test-release test-asan test-fuzz
# The R package's testthat suite last (docs/r.md).
test: test-r

# make install [PREFIX=/usr/local]: the library, header, command, wold.pc,
# CMake package, man pages and completion (docs/install.md); as root for
# a system prefix.  make deb: the Debian package (cpack) in $(BUILD).
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

deb: test-deps build
	cd $(BUILD) && cpack -G DEB

bench: build
	./$(BUILD)/bench/wold_bench

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)

# The R package (bindings/r, docs/r.md): installed into a temporary library
# (linking an installed libwold when pkg-config finds one, else compiling
# the sources of src/), then its testthat suite, which compares with the
# command $(BUILD)/wold when it is built.  Skipped, visibly, without R and
# testthat.  Not a ctest test: the suite reads the installed package.
.PHONY: test-r
test-r: test-deps
	@if ! command -v Rscript >/dev/null 2>&1 || \
	    ! Rscript -e 'library(testthat); library(jsonlite)' >/dev/null 2>&1; then \
	  echo "SKIPPED: R not installed (apt-get install r-base-dev r-cran-testthat)"; \
	  exit 0; \
	fi; \
	lib=$$(mktemp -d) || exit 1; \
	if ! MAKEFLAGS=-j$(JOBS) R CMD INSTALL --no-multiarch --clean -l "$$lib" \
	    bindings/r >"$$lib/install.log" 2>&1; then \
	  cat "$$lib/install.log"; rm -rf "$$lib"; exit 1; \
	fi; \
	grep '^wold:' "$$lib/install.log"; \
	WOLD_REPO_DIR="$(CURDIR)" \
	WOLD_SHARED_DIR="$${WOLD_SHARED_DIR:-$(CURDIR)/../shared}" \
	WOLD_BINARY="$${WOLD_BINARY:-$(CURDIR)/$(BUILD)/wold}" R_LIBS="$$lib" \
	  Rscript -e 'testthat::test_dir("bindings/r/tests/testthat", package = "wold", load_package = "installed", stop_on_failure = TRUE)'; \
	rc=$$?; rm -rf "$$lib"; exit $$rc
