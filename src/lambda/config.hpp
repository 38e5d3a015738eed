// What the Lambda host reads from its environment, once, at start-up.
#pragma once

#include <string>

#include "http/api.hpp"
#include "store/factory.hpp"

namespace hdoc::lambda {

struct LambdaConfig {
  store::StoreOptions store;
  http::ApiConfig api;
};

// databaseName set (the SAM template sets it): the DynamoDB store, which reads the rest of its
// settings from the environment itself. Otherwise SQLite at HDOC_DB (default hdoc.db), which is
// what local runs against the emulator use. HDOC_CORS_ORIGINS: comma-separated allow-list,
// default "*". HDOC_GITHUB_WEBHOOK_SECRET: the GitHub webhook's secret (unset: POST /webhooks/github
// answers 404).
LambdaConfig configFromEnvironment();

}  // namespace hdoc::lambda
