# The front door. `make run` serves demo data; `make test` runs every test. Both install what is
# missing first (Debian 12, apt-get and npm).
.PHONY: run test build deps deps-run asan-test tsan-test bench lambda-zip fuzz format clean

PRESET ?= release
BUILD  := build/$(PRESET)
HDOC   := $(BUILD)/hdoc
LISTEN ?= 127.0.0.1:8080
DB     ?= hdoc.db

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

asan-test:
	$(MAKE) test PRESET=asan

tsan-test:
	$(MAKE) test PRESET=tsan

bench: deps
	bench/run.sh

lambda-zip: deps
	scripts/lambda-zip.sh

fuzz:
	scripts/fuzz.sh long

format:
	find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf build
