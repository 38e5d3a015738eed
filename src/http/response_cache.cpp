#include "http/response_cache.hpp"

#include <mutex>

namespace hdoc::http {

std::shared_ptr<const CachedBody> ResponseCache::get(const std::string& key, std::uint64_t version) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.version != version) return nullptr;
  return it->second.value;
}

void ResponseCache::put(const std::string& key, std::uint64_t version,
                        std::shared_ptr<const CachedBody> value) {
  std::unique_lock lock(mutex_);
  // Bounded: parameters come from clients, so the key space is theirs to grow. Dropping
  // everything is crude but O(1) amortised and keeps memory flat under a key-spraying client.
  if (entries_.size() >= maxEntries_ && !entries_.contains(key)) entries_.clear();
  entries_[key] = Entry{version, std::move(value)};
}

}  // namespace hdoc::http
