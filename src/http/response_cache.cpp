#include "http/response_cache.hpp"

#include <mutex>

namespace hdoc::http {

ResponseCache::ResponseCache(std::size_t budgetBytes) : budget_(budgetBytes) {}

std::size_t ResponseCache::charge(std::string_view key, const Response& value) {
  // Bookkeeping: the list node, the index slot and the Response object with its shared count.
  constexpr std::size_t kOverhead = 256;
  std::size_t bytes = kOverhead + 2 * key.size() + value.body.size();
  for (const auto& h : value.headers) bytes += h.name.size() + h.value.size() + sizeof(Header);
  return bytes;
}

std::shared_ptr<const Response> ResponseCache::get(std::string_view key, std::uint64_t version) const {
  std::shared_lock lock(mutex_);
  auto it = index_.find(key);
  if (it == index_.end() || it->second->version != version) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  it->second->referenced.store(true, std::memory_order_relaxed);
  hits_.fetch_add(1, std::memory_order_relaxed);
  return it->second->value;
}

void ResponseCache::put(std::string_view key, std::uint64_t version, std::shared_ptr<const Response> value) {
  const std::size_t bytes = charge(key, *value);
  if (bytes > budget_ / kMaxEntryShare) return;
  std::unique_lock lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) erase(it->second);
  evictFor(bytes, version);
  // New entries go just behind the hand, so they get a whole sweep before their first look.
  auto it = ring_.emplace(hand_, std::string(key), version, std::move(value), bytes);
  index_.emplace(it->key, it);
  bytes_ += bytes;
}

void ResponseCache::erase(Ring::iterator it) {
  if (hand_ == it) ++hand_;
  index_.erase(it->key);
  bytes_ -= it->bytes;
  ring_.erase(it);
}

// Sweeps until `needed` more bytes fit: stale entries (of another version) and entries not used since
// the hand last passed go; the others lose their reference bit and stay for one more round. Two
// rounds at most: after the first, every bit is clear.
void ResponseCache::evictFor(std::size_t needed, std::uint64_t current) {
  while (bytes_ + needed > budget_ && !ring_.empty()) {
    if (hand_ == ring_.end()) hand_ = ring_.begin();
    Entry& e = *hand_;
    if (e.version != current || !e.referenced.exchange(false, std::memory_order_relaxed)) {
      erase(hand_);
      ++evictions_;
    } else {
      ++hand_;
    }
  }
}

CacheStats ResponseCache::stats() const {
  std::shared_lock lock(mutex_);
  return {hits_.load(std::memory_order_relaxed), misses_.load(std::memory_order_relaxed), evictions_, bytes_,
          index_.size()};
}

}  // namespace hdoc::http
