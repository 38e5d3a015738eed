// The server's query pool: answers the cache does not hold are computed off the event loop, so a
// slow one (a large page, a store that is waiting) never holds up the other connections of its loop.
// Observed with a store whose scans wait at a gate, not with timings.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <future>

#include "server/server.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/fixtures.hpp"
#include "support/gated_store.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"

namespace hdoc::server {
namespace {

using testing::httpGet;

class QueryPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HDOC_REQUIRE_FIXTURES();
    inner_ = std::make_unique<store::SqliteStore>(dir_.file("pool.db"));
    testing::importFixtures(*inner_);
    gated_ = std::make_unique<testing::GatedStore>(*inner_);
  }
  void TearDown() override {
    gated_->open();
    server_.reset();
  }

  testing::TempDir dir_;
  std::unique_ptr<store::SqliteStore> inner_;
  std::unique_ptr<testing::GatedStore> gated_;
  std::unique_ptr<testing::TestServer> server_;
};

TEST_F(QueryPoolTest, AReadWaitingInTheStoreHoldsUpNobodyOnItsEventLoop) {
  ServerConfig config;
  config.threads = 1;  // one event loop: every connection shares it
  config.queryThreads = 2;
  server_ = std::make_unique<testing::TestServer>(*gated_, http::ApiConfig{}, config);
  const auto port = server_->port();
  ASSERT_EQ(httpGet(port, "/api/leaderboard?limit=2").status, 200);  // now cached

  gated_->close();
  auto slow = std::async(std::launch::async, [port] { return httpGet(port, "/api/users"); });
  ASSERT_TRUE(gated_->awaitWaiting(1)) << "the /api/users scan never reached the store";
  // While that one is inside the store: a cached read, and an uncached one on the pool's other thread.
  EXPECT_EQ(httpGet(port, "/api/leaderboard?limit=2").status, 200);
  EXPECT_EQ(httpGet(port, "/api/users/fdurham0").status, 200);
  EXPECT_EQ(httpGet(port, "/healthz").status, 200);
  EXPECT_EQ(gated_->waiting(), 1);
  EXPECT_EQ(slow.wait_for(std::chrono::seconds(0)), std::future_status::timeout);  // still waiting
  gated_->open();
  const auto users = slow.get();
  EXPECT_EQ(users.status, 200);
  EXPECT_EQ(boost::json::parse(users.body).as_array().size(), 1000u);
}

}  // namespace
}  // namespace hdoc::server
