// The fuzz targets' entry points as the replay test sees them: each target's LLVMFuzzerTestOneInput,
// renamed hdoc_fuzz_<name> when built as a library (fuzz/CMakeLists.txt).
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {
int hdoc_fuzz_http_request(const std::uint8_t* data, std::size_t size);
int hdoc_fuzz_write_routes(const std::uint8_t* data, std::size_t size);
int hdoc_fuzz_import_records(const std::uint8_t* data, std::size_t size);
int hdoc_fuzz_apigw_event(const std::uint8_t* data, std::size_t size);
int hdoc_fuzz_jwt(const std::uint8_t* data, std::size_t size);
}

namespace hdoc::fuzz {

using Target = int (*)(const std::uint8_t*, std::size_t);

struct NamedTarget {
  const char* name;  // also the folder under fuzz/corpus and fuzz/regressions
  Target run;
};

inline constexpr NamedTarget kTargets[] = {
    {"http_request", hdoc_fuzz_http_request},
    {"write_routes", hdoc_fuzz_write_routes},
    {"import_records", hdoc_fuzz_import_records},
    {"apigw_event", hdoc_fuzz_apigw_event},
    {"jwt", hdoc_fuzz_jwt},
};

}  // namespace hdoc::fuzz
