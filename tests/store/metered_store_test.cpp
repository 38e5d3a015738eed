// MeteredStore over the real stores (a SQLite file, DynamoDB Local): every call of the seam is
// reported by name with its store's kind, failures by kind, a scan's time without its visitor's;
// and DynamoDB's own account of the capacity each request consumed reaches the telemetry.
#include "store/metered_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "store/dynamodb/consumed_capacity.hpp"
#include "store/dynamodb/dynamodb_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/dynamodb_local.hpp"
#include "support/recording_telemetry.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::store {
namespace {

using testing::RecordingTelemetry;

core::User user(const std::string& profile) {
  core::User u;
  u.id = profile.substr(0, 5);
  u.name = profile;
  u.githubProfile = profile;
  u.dateJoined = "2021-02-03T04:05:06Z";
  u.githubScore = static_cast<std::int64_t>(profile.size());
  return u;
}

std::vector<std::string> operations(const RecordingTelemetry& t) {
  std::vector<std::string> out;
  for (const auto& call : t.storeCalls()) out.push_back(call.operation);
  return out;
}

void exerciseTheSeam(Store& store) {
  const std::vector<core::User> users{user("alice"), user("bob"), user("carol")};
  store.upsertUsers(users);
  EXPECT_TRUE(store.findUser("BOB").has_value());
  std::size_t seen = 0;
  store.scanUsers(Store::UserOrder::Leaderboard, std::nullopt, 10, [&](core::User&&) { return ++seen < 10; });
  EXPECT_EQ(seen, 3u);
  core::User taken = user("dave");
  taken.owner = "sub-1";
  store.createUser(taken);
  core::User again = user("DAVE");
  again.owner = "sub-2";
  EXPECT_THROW(store.createUser(again), StoreError);  // the profile is taken: Conflict
}

TEST(MeteredStore, ReportsEveryCallOfTheSqliteStoreByNameAndItsFailuresByKind) {
  testing::TempDir dir;
  RecordingTelemetry telemetry;
  MeteredStore store(std::make_unique<SqliteStore>(dir.file("hdoc.db")), telemetry);
  EXPECT_EQ(store.kind(), "sqlite");
  exerciseTheSeam(store);
  EXPECT_EQ(operations(telemetry),
            (std::vector<std::string>{"upsertUsers", "findUser", "scanUsers", "createUser", "createUser"}));
  for (const auto& call : telemetry.storeCalls()) {
    EXPECT_EQ(call.store, "sqlite");
    EXPECT_GE(call.seconds, 0.0);
  }
  EXPECT_EQ(telemetry.storeErrors(), std::vector<std::string>{"conflict"});
  EXPECT_TRUE(telemetry.capacity().empty());  // SQLite has no capacity to report
}

TEST(MeteredStore, LeavesTheVisitorsTimeOutOfAScan) {
  testing::TempDir dir;
  RecordingTelemetry telemetry;
  MeteredStore store(std::make_unique<SqliteStore>(dir.file("hdoc.db")), telemetry);
  const std::vector<core::User> users{user("alice"), user("bob"), user("carol")};
  store.upsertUsers(users);
  telemetry.clear();
  // The caller spends 3 x 40 ms building its page; reading three rows takes a fraction of that.
  store.scanUsers(Store::UserOrder::Registration, std::nullopt, std::nullopt, [](core::User&&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
    return true;
  });
  const auto calls = telemetry.storeCalls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].operation, "scanUsers");
  EXPECT_LT(calls[0].seconds, 0.06) << "the visitor's 120 ms were counted as the store's";
}

TEST(MeteredStore, DoesNotMeasureTheDataVersionEveryReadAsksFor) {
  testing::TempDir dir;
  RecordingTelemetry telemetry;
  MeteredStore store(std::make_unique<SqliteStore>(dir.file("hdoc.db")), telemetry);
  for (int i = 0; i < 5; ++i) (void)store.dataVersion();
  EXPECT_TRUE(telemetry.storeCalls().empty());
}

TEST(MeteredStore, ReportsTheCapacityDynamoDbSaysEachRequestConsumed) {
  RecordingTelemetry telemetry;
  DynamoConfig config = testing::DynamoDbLocal::instance().freshTable();
  config.telemetry = &telemetry;
  MeteredStore store(std::make_unique<DynamoStore>(config), telemetry);
  EXPECT_EQ(store.kind(), "dynamodb");
  exerciseTheSeam(store);
  for (const auto& call : telemetry.storeCalls()) EXPECT_EQ(call.store, "dynamodb");
  EXPECT_EQ(telemetry.storeErrors(), std::vector<std::string>{"conflict"});

  double reads = 0, writes = 0;
  bool queried = false;
  for (const auto& c : telemetry.capacity()) {
    EXPECT_TRUE(dynamodb::acceptsReturnConsumedCapacity(c.operation)) << c.operation;
    reads += c.read;
    writes += c.write;
    queried |= c.operation == "Query" && c.read > 0;
  }
  EXPECT_TRUE(queried) << "the leaderboard scan's Query consumed no read capacity";
  EXPECT_GT(reads, 0.0);
  EXPECT_GT(writes, 0.0) << "the upsert and createUser transactions consumed no write capacity";
}

TEST(MeteredStore, AsksDynamoDbForNoCapacityWithoutTelemetry) {
  // The same calls with no telemetry: nothing to report to, and the requests stay as they were.
  DynamoConfig config = testing::DynamoDbLocal::instance().freshTable();
  DynamoStore store(config);
  EXPECT_NO_THROW(store.upsertUsers(std::vector<core::User>{user("erin")}));
  EXPECT_TRUE(store.findUser("erin").has_value());
}

}  // namespace
}  // namespace hdoc::store
