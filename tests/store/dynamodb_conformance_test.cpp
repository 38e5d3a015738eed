// The conformance suite on DynamoStore: a fresh table per test in DynamoDB Local (one instance per
// test process). Four leaderboard shards, so every user listing really merges shards.
#include "store/conformance.hpp"
#include "store/dynamodb/dynamodb_store.hpp"
#include "support/dynamodb_local.hpp"

namespace hdoc::test {
namespace {

std::shared_ptr<store::Store> freshDynamoStore() {
  store::DynamoConfig config = DynamoDbLocal::instance().freshTable();
  config.leaderboardShards = 4;
  return std::make_shared<store::DynamoStore>(config);
}

INSTANTIATE_TEST_SUITE_P(DynamoDb, StoreConformance,
                         ::testing::Values(StoreMaker{"DynamoDb", freshDynamoStore}), storeMakerName);

}  // namespace
}  // namespace hdoc::test
