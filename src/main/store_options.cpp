#include <iostream>

#include "main/commands.hpp"

namespace hdoc::cli {

std::vector<OptionSpec> storeOptionSpecs() {
  return {
      {"store", "KIND", "sqlite (default) or dynamodb (table from $databaseName, AWS_* credentials)"},
      {"db", "PATH", "SQLite database file (default $HDOC_DB, else ./hdoc.db); created on first use"},
      {"dynamodb-endpoint", "URL", "DynamoDB endpoint (default $AWS_ENDPOINT_URL_DYNAMODB, else AWS)"},
  };
}

store::StoreOptions storeOptionsFrom(const Options& options) {
  store::StoreOptions out;
  out.kind = options.value("store").value_or(env("HDOC_STORE").value_or("sqlite"));
  if (out.kind != "sqlite" && out.kind != "dynamodb") {
    throw UsageError("--store must be sqlite or dynamodb, got '" + out.kind + "'");
  }
  out.sqlitePath = options.value("db").value_or(env("HDOC_DB").value_or("hdoc.db"));
  if (out.sqlitePath.empty()) throw UsageError("--db must not be empty");
  out.dynamodbEndpoint = options.value("dynamodb-endpoint").value_or("");
  return out;
}

bool printedHelp(const CommandSpec& spec, const Options& options) {
  if (!options.help()) return false;
  std::cout << helpText(spec);
  return true;
}

}  // namespace hdoc::cli
