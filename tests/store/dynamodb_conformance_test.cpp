// The store suites (reads and journeys) on DynamoStore: a fresh table per test in DynamoDB Local.
// Four leaderboard shards, so every user listing really merges shards and score changes really move
// users between index items.
#include "store/conformance.hpp"
#include "store/dynamodb/dynamodb_store.hpp"
#include "store/journeys_conformance.hpp"
#include "store/pagination_conformance.hpp"
#include "support/fresh_stores.hpp"

namespace hdoc::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(DynamoDb, StoreConformance,
                         ::testing::Values(StoreMaker{"DynamoDb", freshDynamoStore}), storeMakerName);
INSTANTIATE_TEST_SUITE_P(DynamoDb, JourneysConformance,
                         ::testing::Values(StoreMaker{"DynamoDb", freshDynamoStore}), storeMakerName);

INSTANTIATE_TEST_SUITE_P(DynamoDb, PaginationConformance,
                         ::testing::Values(StoreMaker{"DynamoDb", freshDynamoStore}), storeMakerName);

}  // namespace
}  // namespace hdoc::testing
