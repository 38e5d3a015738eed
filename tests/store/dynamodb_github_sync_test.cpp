// The GitHub journey sync suite on DynamoStore: a fresh table per test in DynamoDB Local, four
// leaderboard shards (as dynamodb_conformance_test.cpp).
#include "store/dynamodb/dynamodb_store.hpp"
#include "store/github_sync_conformance.hpp"
#include "support/dynamodb_local.hpp"

namespace hdoc::testing {
namespace {

std::shared_ptr<store::Store> freshDynamoStore() {
  store::DynamoConfig config = DynamoDbLocal::instance().freshTable();
  config.leaderboardShards = 4;
  return std::make_shared<store::DynamoStore>(config);
}

INSTANTIATE_TEST_SUITE_P(DynamoDb, GithubSyncConformance,
                         ::testing::Values(StoreMaker{"DynamoDb", freshDynamoStore}), storeMakerName);

}  // namespace
}  // namespace hdoc::testing
