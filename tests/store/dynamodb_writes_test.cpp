// What only the DynamoDB store can show about the write API: a deletion that needs several
// transactions (200 entries), entries a crash half-way through a deletion would leave behind staying
// unreachable, and racing writers (optimistic concurrency on the user item, conditioned article ids).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/date.hpp"
#include "core/scoring.hpp"
#include "store/dynamodb/client.hpp"
#include "store/dynamodb/dynamodb_store.hpp"
#include "store/dynamodb/items.hpp"
#include "support/dynamodb_local.hpp"

namespace hdoc::testing {
namespace {

namespace json = boost::json;
using core::Platform;

core::User journeyer(const std::string& name) {
  core::User u;
  u.id = "x" + name;
  u.name = name;
  u.githubProfile = name;
  u.dateJoined = "2024-01-01T00:00:00Z";
  u.owner = "sub-" + name;
  return u;
}

core::Entry entry(const std::string& who, int day, Platform platform) {
  return {who,
          day,
          platform,
          "https://example.com/" + who + "/" + std::to_string(day),
          core::formatDate(core::daysFromCivil(2024, 1, 1) + day),
          true};
}

// Every item in the user's partition, straight from DynamoDB.
std::size_t itemsInPartition(store::dynamodb::Client& client, const std::string& githubProfile) {
  json::object req;
  req["TableName"] = client.config().table;
  req["KeyConditionExpression"] = "pk = :p";
  req["ExpressionAttributeValues"] = {
      {":p", store::dynamodb::stringValue(store::dynamodb::userPartition(githubProfile))}};
  req["ConsistentRead"] = true;
  return client.call("Query", req).at("Items").as_array().size();
}

class DynamoWrites : public ::testing::Test {
 protected:
  DynamoWrites() : config_(DynamoDbLocal::instance().freshTable()), store_(config_), client_(config_) {}
  store::DynamoConfig config_;
  store::DynamoStore store_;
  store::dynamodb::Client client_;
};

TEST_F(DynamoWrites, DeletingAJourneyerWithTwoHundredEntriesTakesThemAll) {
  store_.createUser(journeyer("busy"));
  store_.createUser(journeyer("other"));
  for (int day = 1; day <= 100; ++day) {
    for (Platform p : {Platform::github, Platform::twitter}) {
      ASSERT_EQ(store_.putEntry(entry("busy", day, p)).outcome, store::Store::EntryOutcome::Created);
    }
  }
  store_.putEntry(entry("other", 1, Platform::github));
  ASSERT_EQ(store_.listEntries("busy").size(), 200u);
  EXPECT_EQ(itemsInPartition(client_, "busy"), 201u);
  ASSERT_TRUE(store_.deleteUser("BUSY"));
  EXPECT_EQ(itemsInPartition(client_, "busy"), 0u) << "the user item and all 200 entries are gone";
  EXPECT_FALSE(store_.findUserByOwner("sub-busy"));
  EXPECT_EQ(store_.leaderboard(10).size(), 1u);
  EXPECT_EQ(store_.listEntries("other").size(), 1u);
}

// A crash between a deletion's transactions leaves entries of the deleted generation; written here by
// hand. They are never listed, counted or in the way, and the next deletion sweeps them.
TEST_F(DynamoWrites, EntriesOfADeletedGenerationAreUnreachableAndSweptLater) {
  store_.createUser(journeyer("alice"));
  json::object put;
  put["TableName"] = config_.table;
  put["Item"] = store::dynamodb::entryItem(entry("alice", 1, Platform::github), "00000000deadbeef");
  client_.call("PutItem", put);
  EXPECT_TRUE(store_.listEntries("alice").empty());
  EXPECT_EQ(store_.findUser("alice")->githubScore, 0);
  core::Entry mine = entry("alice", 1, Platform::github);
  mine.url = "https://example.com/another";
  EXPECT_EQ(store_.putEntry(mine).outcome, store::Store::EntryOutcome::Created) << "no conflict with it";
  EXPECT_EQ(store_.listEntries("alice"), std::vector<core::Entry>{mine});
  EXPECT_EQ(store_.findUser("alice")->githubScore, 2);
  EXPECT_EQ(itemsInPartition(client_, "alice"), 3u);
  ASSERT_TRUE(store_.deleteUser("alice"));
  EXPECT_EQ(itemsInPartition(client_, "alice"), 0u);
}

TEST_F(DynamoWrites, RacingEntryWritersNeverLoseAScore) {
  config_.maxAttempts = 30;  // four writers on one user: the bound on retries must not be what fails
  store::DynamoStore store(config_);
  store.createUser(journeyer("racer"));
  std::vector<std::thread> writers;
  std::vector<core::Entry> all;
  for (int w = 0; w < 4; ++w) {
    for (int day = w + 1; day <= 40; day += 4) all.push_back(entry("racer", day, Platform::github));
    writers.emplace_back([&store, w] {
      for (int day = w + 1; day <= 40; day += 4) store.putEntry(entry("racer", day, Platform::github));
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(store.listEntries("racer").size(), 40u);
  const auto user = store.findUser("racer");
  const core::Scores expected = core::computeScores(all);
  EXPECT_EQ(user->githubScore, expected.githubScore);
  EXPECT_EQ(user->githubStreak, expected.githubStreak);
  EXPECT_EQ(user->daysCompleted, 40);
  EXPECT_EQ(store.leaderboard(1).front().githubScore, expected.githubScore) << "the index key moved too";
}

TEST_F(DynamoWrites, RacingArticleCreatorsNeverShareAnId) {
  config_.maxAttempts = 30;
  store::DynamoStore store(config_);
  std::vector<std::thread> creators;
  std::mutex mutex;
  std::set<std::int64_t> ids;
  for (int c = 0; c < 4; ++c) {
    creators.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        const auto a = store.createArticle({0, "t", "s", "https://example.com/i.png", "AWS", "alice"});
        std::lock_guard lock(mutex);
        ids.insert(a.id);
      }
    });
  }
  for (auto& t : creators) t.join();
  EXPECT_EQ(ids.size(), 20u);
  EXPECT_EQ(*ids.rbegin(), 20);
  EXPECT_EQ(store.tagCounts(std::nullopt), (std::vector<core::TagCount>{{"AWS", 20}}));
}

}  // namespace
}  // namespace hdoc::testing
