// Opens the store a command or host was configured for.
#pragma once

#include <memory>
#include <string>

#include "store/store.hpp"

namespace hdoc::store {

struct StoreOptions {
  std::string kind = "sqlite";         // "sqlite" or "dynamodb"
  std::string sqlitePath = "hdoc.db";  // --db / HDOC_DB
  std::string dynamodbEndpoint;        // --dynamodb-endpoint; empty: AWS_ENDPOINT_URL_DYNAMODB or AWS
};

// Throws std::invalid_argument for an unknown kind or incomplete configuration, and StoreError
// when the store cannot be opened.
std::unique_ptr<Store> openStore(const StoreOptions& options);

}  // namespace hdoc::store
