# `make run` serves demo data; `make test` runs every test. Both install what is missing first
# (Debian 12: apt-get, npm, pipx; scripts/install-deps.sh). On a machine without make, the front door
# ./dev installs it (and the rest) and then runs these: `./dev run`, `./dev test`, `./dev lint`, ...
.PHONY: run test build deps deps-run deps-lint asan-test tsan-test tsan-server-test bench lambda-zip fuzz \
	format format-check tidy lint clean

PRESET ?= release
BUILD  := build/$(PRESET)
HDOC   := $(BUILD)/hdoc
LISTEN ?= 127.0.0.1:8080
DB     ?= hdoc.db
# Every C++ file clang-format owns.
FORMAT_FILES = $(shell find src tests bench fuzz \( -name '*.cpp' -o -name '*.hpp' \) -not -path '*/node_modules/*')

run: deps-run
	cmake --preset $(PRESET) -DHDOC_TESTS=OFF >/dev/null
	cmake --build --preset $(PRESET) --target hdoc
	$(HDOC) seed --if-empty --users 1000 --articles 200 --db $(DB)
	$(HDOC) serve --listen $(LISTEN) --db $(DB)

test: deps
	cmake --preset $(PRESET) -DHDOC_TESTS=ON >/dev/null
	cmake --build --preset $(PRESET)
	scripts/with-dynamodb-local.sh ctest --preset $(PRESET)

build: deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET)

deps:
	@scripts/install-deps.sh

deps-run:
	@HDOC_DEPS=run scripts/install-deps.sh

deps-lint:
	@HDOC_DEPS=lint scripts/install-deps.sh

asan-test:
	$(MAKE) test PRESET=asan

tsan-test:
	$(MAKE) test PRESET=tsan

# ThreadSanitizer where the threads are: the server and the http layer it calls from every I/O
# thread. Builds only those two test binaries (not the CLI, the Lambda host or the other layers).
tsan-server-test: deps
	cmake --preset tsan -DHDOC_TESTS=ON >/dev/null
	cmake --build --preset tsan --target hdoc_server_tests hdoc_http_tests
	ctest --preset tsan -L 'server|http'

bench: deps
	bench/run.sh

lambda-zip: deps
	scripts/lambda-zip.sh

fuzz:
	scripts/fuzz.sh long

format:
	clang-format -i $(FORMAT_FILES)

# The checks CI runs before building: formatting, then clang-tidy (.clang-tidy, scripts/clang-tidy.sh).
lint: format-check tidy

format-check: deps-lint
	@clang-format --dry-run --Werror $(FORMAT_FILES)
	@echo "clang-format: $(words $(FORMAT_FILES)) files as .clang-format wants them"

tidy: deps-lint
	cmake --preset release -DHDOC_TESTS=ON >/dev/null
	scripts/clang-tidy.sh

clean:
	rm -rf build
