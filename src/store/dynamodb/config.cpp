#include <charconv>
#include <cstdlib>
#include <stdexcept>

#include "store/dynamodb/dynamodb_store.hpp"

namespace hdoc::store {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

DynamoConfig DynamoConfig::fromEnvironment(const std::string& endpointOverride) {
  DynamoConfig c;
  c.table = env("databaseName");
  c.region = env("AWS_REGION");
  if (c.region.empty()) c.region = env("AWS_DEFAULT_REGION");
  c.endpoint = endpointOverride.empty() ? env("AWS_ENDPOINT_URL_DYNAMODB") : endpointOverride;
  c.accessKeyId = env("AWS_ACCESS_KEY_ID");
  c.secretAccessKey = env("AWS_SECRET_ACCESS_KEY");
  c.sessionToken = env("AWS_SESSION_TOKEN");
  if (std::string shards = env("HDOC_LEADERBOARD_SHARDS"); !shards.empty()) {
    int n = 0;
    auto [end, ec] = std::from_chars(shards.data(), shards.data() + shards.size(), n);
    if (ec != std::errc{} || end != shards.data() + shards.size() || n < 1 || n > 100) {
      throw std::invalid_argument("HDOC_LEADERBOARD_SHARDS must be an integer from 1 to 100, not '" + shards +
                                  "'");
    }
    c.leaderboardShards = n;
  }
  if (c.table.empty()) {
    throw std::invalid_argument("DynamoDB store: set databaseName to the name of the table");
  }
  // DynamoDB Local ignores the region; real DynamoDB needs one to sign for.
  if (c.region.empty() && !c.endpoint.empty()) c.region = "us-east-1";
  if (c.region.empty()) {
    throw std::invalid_argument("DynamoDB store: set AWS_REGION (or AWS_DEFAULT_REGION)");
  }
  if (c.accessKeyId.empty() || c.secretAccessKey.empty()) {
    throw std::invalid_argument(
        "DynamoDB store: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (any values for DynamoDB Local)");
  }
  return c;
}

}  // namespace hdoc::store
