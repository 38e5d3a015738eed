// Concurrent misses of one cache key compute the answer once and share it.
#include "http/single_flight.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>
#include <vector>

#include "http/api.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/fixtures.hpp"
#include "support/gated_store.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::http {
namespace {

TEST(SingleFlight, ConcurrentCallersOfOneKeyShareOneComputation) {
  SingleFlight<int> flight;
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::atomic<int> computed{0};
  std::atomic<int> started{0};
  std::vector<std::future<int>> callers;
  for (int i = 0; i < 8; ++i) {
    callers.push_back(std::async(std::launch::async, [&] {
      ++started;
      return flight.run("k", [&] {
        ++computed;
        gate.wait();
        return 42;
      });
    }));
  }
  while (started < 8) std::this_thread::yield();
  while (computed == 0) std::this_thread::yield();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // lets the others reach the flight
  release.set_value();
  for (auto& c : callers) EXPECT_EQ(c.get(), 42);
  EXPECT_EQ(computed, 1);
  // Once landed, the next call computes again.
  EXPECT_EQ(flight.run("k", [] { return 7; }), 7);
}

TEST(SingleFlight, AFailureReachesEveryWaiterAndIsNotKept) {
  SingleFlight<int> flight;
  EXPECT_THROW(flight.run("k", []() -> int { throw std::runtime_error("no"); }), std::runtime_error);
  EXPECT_EQ(flight.run("k", [] { return 1; }), 1);
}

TEST(SingleFlight, ACrowdMissingOneApiPageQueriesTheStoreOnce) {
  HDOC_REQUIRE_FIXTURES();
  testing::TempDir dir;
  store::SqliteStore inner(dir.file("flight.db"));
  testing::importFixtures(inner);
  testing::GatedStore gated(inner);
  Api api(gated, ApiConfig{});
  gated.close();
  std::vector<std::future<std::shared_ptr<const Response>>> crowd;
  for (int i = 0; i < 6; ++i) {
    crowd.push_back(std::async(std::launch::async, [&api, i] {
      // Different spellings of one page: one canonical key.
      return api.respond(Request{"GET", "/api/users?x=" + std::to_string(i), {}, "", std::nullopt});
    }));
  }
  ASSERT_TRUE(gated.awaitWaiting(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // lets the crowd reach the flight
  EXPECT_EQ(gated.waiting(), 1);
  gated.open();
  const auto first = crowd[0].get();
  for (std::size_t i = 1; i < crowd.size(); ++i) EXPECT_EQ(crowd[i].get(), first);
  EXPECT_EQ(gated.scans(), 1);
}

}  // namespace
}  // namespace hdoc::http
