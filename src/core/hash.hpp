// FNV-1a, 64 bits: the one non-cryptographic hash hdoc uses, for strong ETags (http/etag) and the
// integrity check of page cursors (core/cursor). Stable across builds and hosts, so both give the
// same tag or cursor for the same bytes everywhere.
#pragma once

#include <cstdint>
#include <string_view>

namespace hdoc::core {

inline constexpr std::uint64_t kFnvOffsetBasis = 1469598103934665603ull;

constexpr std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t h = kFnvOffsetBasis) {
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace hdoc::core
