#include "store/factory.hpp"

#include <stdexcept>

#include "store/dynamodb/dynamodb_store.hpp"
#include "store/metered_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace hdoc::store {

namespace {

std::unique_ptr<Store> openUnmetered(const StoreOptions& options) {
  if (options.kind == "sqlite") return std::make_unique<SqliteStore>(options.sqlitePath);
  if (options.kind == "dynamodb") {
    auto config = DynamoConfig::fromEnvironment(options.dynamodbEndpoint);
    config.telemetry = options.telemetry;
    auto store = std::make_unique<DynamoStore>(std::move(config));
    if (options.writeProgress) store->setWriteProgress(options.writeProgress);
    return store;
  }
  throw std::invalid_argument("unknown store '" + options.kind + "' (expected sqlite or dynamodb)");
}

}  // namespace

std::unique_ptr<Store> openStore(const StoreOptions& options) {
  auto store = openUnmetered(options);
  if (!options.telemetry) return store;
  return std::make_unique<MeteredStore>(std::move(store), *options.telemetry);
}

}  // namespace hdoc::store
