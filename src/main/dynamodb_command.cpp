#include <iostream>

#include "main/commands.hpp"
#include "store/dynamodb/dynamodb_store.hpp"

namespace hdoc::cli {

int dynamodbCommand(const Args& args) {
  CommandSpec spec{
      "hdoc dynamodb create-table [options]",
      "Creates the DynamoDB table hdoc uses (name from $databaseName), with its indexes, on\n"
      "on-demand billing; an existing table is left as it is. Region and credentials come from\n"
      "AWS_REGION / AWS_DEFAULT_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN.",
      {{"dynamodb-endpoint", "URL", "DynamoDB endpoint (default $AWS_ENDPOINT_URL_DYNAMODB, else AWS)"},
       {"wait", "", "return only once the table and its indexes are ACTIVE"}}};
  Options options(spec, args);
  if (printedHelp(spec, options)) return 0;
  const auto& pos = options.positionals();
  if (pos.size() != 1 || pos[0] != "create-table")
    throw UsageError("dynamodb needs a subcommand: create-table");
  store::DynamoConfig config;
  try {
    config = store::DynamoConfig::fromEnvironment(options.value("dynamodb-endpoint").value_or(""));
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  store::createTable(config, options.flag("wait"));
  std::cerr << "table " << config.table << " is ready\n";
  return 0;
}

}  // namespace hdoc::cli
