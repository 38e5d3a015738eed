#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "store/dynamodb/client.hpp"
#include "store/dynamodb/dynamodb_store.hpp"
#include "store/dynamodb/table_schema.hpp"

namespace hdoc::store {
namespace json = boost::json;

namespace {

// True when the table and every index on it can serve requests.
bool tableActive(const json::object& description) {
  const json::value* table = description.if_contains("Table");
  if (!table || !table->is_object()) return false;
  const json::value* status = table->get_object().if_contains("TableStatus");
  if (!status || !status->is_string() || status->get_string() != "ACTIVE") return false;
  if (const json::value* indexes = table->get_object().if_contains("GlobalSecondaryIndexes");
      indexes && indexes->is_array()) {
    for (const auto& index : indexes->get_array()) {
      const json::value* s = index.is_object() ? index.get_object().if_contains("IndexStatus") : nullptr;
      if (!s || !s->is_string() || s->get_string() != "ACTIVE") return false;
    }
  }
  return true;
}

}  // namespace

void createTable(const DynamoConfig& config, bool wait) {
  if (config.table.empty()) throw std::invalid_argument("DynamoDB: no table name (databaseName)");
  dynamodb::Client client(config);
  auto created = client.tryCall("CreateTable", dynamodb::createTableRequest(config.table));
  if (auto* error = std::get_if<dynamodb::ErrorReply>(&created)) {
    // An existing table is what we wanted (the command is idempotent); anything else is not.
    if (error->type != "ResourceInUseException") {
      throw StoreError(StoreError::Kind::Unavailable,
                       "DynamoDB CreateTable " + config.table + ": " + error->type +
                           (error->message.empty() ? "" : " (" + error->message + ")"));
    }
  }
  if (!wait) return;
  const json::object describe{{"TableName", config.table}};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(10);
  while (!tableActive(client.call("DescribeTable", describe))) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw StoreError(StoreError::Kind::Unavailable,
                       "DynamoDB table " + config.table + " not ACTIVE after 10 minutes");
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

}  // namespace hdoc::store
