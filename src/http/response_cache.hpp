// Serialised read responses keyed by route and parameters, valid for one store data version.
// A hit skips the store and the serialiser; any write anywhere changes the version and so
// invalidates every entry at once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace hdoc::http {

struct CachedBody {
  std::string body;
  std::string etag;
};

class ResponseCache {
 public:
  explicit ResponseCache(std::size_t maxEntries = 4096) : maxEntries_(maxEntries) {}

  std::shared_ptr<const CachedBody> get(const std::string& key, std::uint64_t version) const;
  // Stores `value` for `key` as of `version` (the version read before the store was queried, so
  // an entry is never labelled newer than its data).
  void put(const std::string& key, std::uint64_t version, std::shared_ptr<const CachedBody> value);

 private:
  struct Entry {
    std::uint64_t version;
    std::shared_ptr<const CachedBody> value;
  };
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::size_t maxEntries_;
};

}  // namespace hdoc::http
