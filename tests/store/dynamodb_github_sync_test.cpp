// The GitHub journey sync suite on DynamoStore: a fresh table per test in DynamoDB Local, four
// leaderboard shards (as dynamodb_conformance_test.cpp).
#include "store/dynamodb/dynamodb_store.hpp"
#include "store/github_sync_conformance.hpp"
#include "support/fresh_stores.hpp"

namespace hdoc::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(DynamoDb, GithubSyncConformance,
                         ::testing::Values(StoreMaker{"DynamoDb", freshDynamoStore}), storeMakerName);

}  // namespace
}  // namespace hdoc::testing
