// Finished read responses keyed by request target (and Origin, where CORS answers depend on it),
// valid for one store data version. A hit skips routing, parsing, the store and the serialiser,
// and shares the response instead of copying it; any write anywhere changes the version and so
// invalidates every entry at once.
#pragma once

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/message.hpp"

namespace hdoc::http {

class ResponseCache {
 public:
  explicit ResponseCache(std::size_t maxEntries = 4096) : maxEntries_(maxEntries) {}

  std::shared_ptr<const Response> get(std::string_view key, std::uint64_t version) const;
  // Stores `value` for `key` as of `version` (the version read before the store was queried, so
  // an entry is never labelled newer than its data).
  void put(std::string_view key, std::uint64_t version, std::shared_ptr<const Response> value);

 private:
  // Lookups by string_view: a hit allocates nothing.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  struct Entry {
    std::uint64_t version;
    std::shared_ptr<const Response> value;
  };
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;
  std::size_t maxEntries_;
};

}  // namespace hdoc::http
