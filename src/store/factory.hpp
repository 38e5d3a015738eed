// Opens the store a command or host was configured for.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/telemetry.hpp"
#include "store/store.hpp"

namespace hdoc::store {

struct StoreOptions {
  std::string kind = "sqlite";         // "sqlite" or "dynamodb"
  std::string sqlitePath = "hdoc.db";  // --db / HDOC_DB
  std::string dynamodbEndpoint;        // --dynamodb-endpoint; empty: AWS_ENDPOINT_URL_DYNAMODB or AWS
  // Called after each chunk of a large upsert with the records written so far (a progress bar).
  // DynamoDB writes in chunks and calls it; SQLite writes in one transaction and never does.
  std::function<void(std::size_t written, std::size_t total)> writeProgress;
  // Where the store reports its calls' durations and failures (store/metered_store.hpp) and
  // DynamoDB's consumed capacity; nullptr: nothing is measured. Must outlive the store.
  core::Telemetry* telemetry = nullptr;
};

// Throws std::invalid_argument for an unknown kind or incomplete configuration, and StoreError
// when the store cannot be opened.
std::unique_ptr<Store> openStore(const StoreOptions& options);

}  // namespace hdoc::store
