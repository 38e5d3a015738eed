#include "lambda/config.hpp"

#include <cstdlib>
#include <string_view>

namespace hdoc::lambda {
namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

LambdaConfig configFromEnvironment() {
  LambdaConfig config;
  if (!env("databaseName").empty()) {
    config.store.kind = "dynamodb";
  } else {
    config.store.kind = "sqlite";
    if (auto path = env("HDOC_DB"); !path.empty()) config.store.sqlitePath = path;
  }
  if (auto cacheControl = env("HDOC_READ_CACHE_CONTROL"); !cacheControl.empty()) {
    config.api.readCacheControl = std::move(cacheControl);
  }
  config.api.githubWebhookSecret = env("HDOC_GITHUB_WEBHOOK_SECRET");  // resolved by CloudFormation
  if (const auto origins = env("HDOC_CORS_ORIGINS"); !origins.empty()) {
    config.api.corsOrigins.clear();
    std::string_view rest = origins;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      const auto item = trim(rest.substr(0, comma));
      if (!item.empty()) config.api.corsOrigins.emplace_back(item);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    if (config.api.corsOrigins.empty()) config.api.corsOrigins = {"*"};
  }
  return config;
}

}  // namespace hdoc::lambda
