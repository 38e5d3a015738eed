// The response cache's bounds: bytes, not entries; one entry never takes more than its share; a
// key-spraying client neither grows it past its budget nor evicts the entries others keep using.
#include "http/response_cache.hpp"

#include <gtest/gtest.h>

namespace hdoc::http {
namespace {

std::shared_ptr<const Response> body(std::size_t bytes) {
  auto res = std::make_shared<Response>();
  res->body.assign(bytes, 'x');
  res->set("Content-Type", "application/json");
  return res;
}

TEST(ResponseCache, StaysWithinItsByteBudget) {
  ResponseCache cache(64 * 1024);
  for (int i = 0; i < 10000; ++i) {
    cache.put("/api/users?x=" + std::to_string(i), 1, body(1000));
    ASSERT_LE(cache.stats().bytes, 64u * 1024);
  }
  const auto stats = cache.stats();
  EXPECT_GT(stats.entries, 40u);  // about budget / entry, not a handful
  EXPECT_GT(stats.evictions, 9000u);
}

TEST(ResponseCache, NoEntryTakesMoreThanItsShare) {
  ResponseCache cache(80 * 1024);
  cache.put("small", 1, body(1000));
  cache.put("big", 1, body(10 * 1024 + 1));  // over 80 KiB / 8 with its bookkeeping
  EXPECT_EQ(cache.get("big", 1), nullptr);
  EXPECT_NE(cache.get("small", 1), nullptr);
  cache.put("fits", 1, body(8 * 1024));
  EXPECT_NE(cache.get("fits", 1), nullptr);
}

TEST(ResponseCache, ASprayingClientDoesNotEvictWhatOthersUse) {
  ResponseCache cache(256 * 1024);
  const std::string hot[] = {"/api/leaderboard?limit=5", "/api/tags?limit=20", "/api/users/recent?limit=10"};
  for (const auto& key : hot) cache.put(key, 1, body(2000));
  for (int i = 0; i < 20000; ++i) {
    cache.put("/api/users/spray" + std::to_string(i), 1, body(2000));
    if (i % 20 == 0) {
      for (const auto& key : hot) ASSERT_NE(cache.get(key, 1), nullptr) << key << " evicted after " << i;
    }
  }
  EXPECT_LE(cache.stats().bytes, 256u * 1024);
}

TEST(ResponseCache, EntriesOfAnotherVersionMissAndGoFirst) {
  ResponseCache cache(64 * 1024);
  cache.put("a", 1, body(100));
  EXPECT_EQ(cache.get("a", 2), nullptr);
  EXPECT_NE(cache.get("a", 1), nullptr);
  cache.put("a", 2, body(300));  // replaced, charged once
  EXPECT_EQ(cache.stats().entries, 1u);
  EXPECT_EQ(cache.stats().bytes, ResponseCache::charge("a", *body(300)));
  const auto stats = cache.stats();
  EXPECT_GE(stats.hits, 1u);
  EXPECT_GE(stats.misses, 1u);
}

}  // namespace
}  // namespace hdoc::http
