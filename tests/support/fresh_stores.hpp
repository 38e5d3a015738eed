// Fresh, empty stores for the store conformance suites: one SQLite file or one DynamoDB Local table
// per call, so that every parameterised test starts from nothing.
#pragma once

#include <memory>
#include <string>

#include "store/store.hpp"

namespace hdoc::testing {

// A SqliteStore on a new file in the temporary directory, named after `prefix`, the process and a
// counter; the file and its -wal/-shm/-journal are removed when the last owner lets go.
std::shared_ptr<store::Store> freshSqliteStore(const std::string& prefix);

// A DynamoStore on a new table in DynamoDB Local (support/dynamodb_local.hpp), four leaderboard
// shards so that the cross-shard merges are exercised.
std::shared_ptr<store::Store> freshDynamoStore();

}  // namespace hdoc::testing
