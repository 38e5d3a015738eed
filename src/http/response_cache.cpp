#include "http/response_cache.hpp"

#include <mutex>

namespace hdoc::http {

std::shared_ptr<const Response> ResponseCache::get(std::string_view key, std::uint64_t version) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.version != version) return nullptr;
  return it->second.value;
}

void ResponseCache::put(std::string_view key, std::uint64_t version, std::shared_ptr<const Response> value) {
  std::unique_lock lock(mutex_);
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    it->second = Entry{version, std::move(value)};
    return;
  }
  // Bounded: targets and origins come from clients, so the key space is theirs to grow. Dropping
  // everything is crude but O(1) amortised and keeps memory flat under a key-spraying client.
  if (entries_.size() >= maxEntries_) entries_.clear();
  entries_.emplace(std::string(key), Entry{version, std::move(value)});
}

}  // namespace hdoc::http
