// Finished read responses, keyed by canonical target (canonical_target.hpp) plus whatever else the
// answer depends on (the Origin with a CORS allow-list, the content coding), valid for one store
// data version. A hit skips the store and the serialiser, and shares the response instead of
// copying it; any write anywhere changes the version and so invalidates every entry at once.
//
// Bounded in bytes, not entries: keys and bodies come from clients and data, so only a byte budget
// bounds memory. Eviction is CLOCK (second chance): a hit sets an entry's reference bit under the
// shared lock, and an insertion that needs room sweeps a hand over the entries, evicting stale or
// unreferenced ones and clearing the bit of the others. So a key-spraying client evicts mostly its
// own one-hit entries, never everything at once, and hits stay read-only on the lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/message.hpp"

namespace hdoc::http {

struct CacheStats {
  std::uint64_t hits = 0, misses = 0, evictions = 0;
  std::size_t bytes = 0, entries = 0;
};

class ResponseCache {
 public:
  // Default budget of `hdoc serve` (--cache-bytes).
  static constexpr std::size_t kDefaultBudget = 64 * 1024 * 1024;
  // An entry may take at most this fraction of the budget, so one large page never empties it.
  static constexpr std::size_t kMaxEntryShare = 8;

  explicit ResponseCache(std::size_t budgetBytes = kDefaultBudget);

  std::shared_ptr<const Response> get(std::string_view key, std::uint64_t version) const;
  // Stores `value` for `key` as of `version` (the version read before the store was queried, so
  // an entry is never labelled newer than its data). Values over the entry limit are not kept.
  void put(std::string_view key, std::uint64_t version, std::shared_ptr<const Response> value);

  // The bytes an entry is charged: key, head fields, body and bookkeeping.
  static std::size_t charge(std::string_view key, const Response& value);
  std::size_t budget() const { return budget_; }
  CacheStats stats() const;

 private:
  struct Entry {
    std::string key;
    std::uint64_t version;
    std::shared_ptr<const Response> value;
    std::size_t bytes;
    mutable std::atomic<bool> referenced{false};
    Entry(std::string k, std::uint64_t v, std::shared_ptr<const Response> r, std::size_t b)
        : key(std::move(k)), version(v), value(std::move(r)), bytes(b) {}
  };
  using Ring = std::list<Entry>;

  // Lookups by string_view: a hit allocates nothing.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };

  void evictFor(std::size_t needed, std::uint64_t current);
  void erase(Ring::iterator it);

  std::size_t budget_;
  mutable std::shared_mutex mutex_;
  Ring ring_;  // insertion order; the hand sweeps it round
  Ring::iterator hand_ = ring_.end();
  std::unordered_map<std::string_view, Ring::iterator, Hash, std::equal_to<>>
      index_;  // views into Entry::key
  std::size_t bytes_ = 0;
  mutable std::atomic<std::uint64_t> hits_{0}, misses_{0};
  std::uint64_t evictions_ = 0;
};

}  // namespace hdoc::http
