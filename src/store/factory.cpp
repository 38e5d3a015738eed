#include "store/factory.hpp"

#include <stdexcept>

#include "store/dynamodb/dynamodb_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace hdoc::store {

std::unique_ptr<Store> openStore(const StoreOptions& options) {
  if (options.kind == "sqlite") return std::make_unique<SqliteStore>(options.sqlitePath);
  if (options.kind == "dynamodb") {
    auto store = std::make_unique<DynamoStore>(DynamoConfig::fromEnvironment(options.dynamodbEndpoint));
    if (options.writeProgress) store->setWriteProgress(options.writeProgress);
    return store;
  }
  throw std::invalid_argument("unknown store '" + options.kind + "' (expected sqlite or dynamodb)");
}

}  // namespace hdoc::store
