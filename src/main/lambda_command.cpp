// The composition root of the Lambda host (`hdoc lambda`, or a bootstrap started by Lambda): reads
// the environment once, opens and pings the store, builds the API and hands it to the Runtime API
// loop of src/lambda. A failure before the first event is an init error.
#include <iostream>
#include <memory>

#include "http/api.hpp"
#include "http/cors.hpp"
#include "lambda/runtime.hpp"
#include "main/commands.hpp"

namespace hdoc::cli {
namespace {

struct LambdaConfig {
  store::StoreOptions store;
  http::ApiConfig api;
};

// databaseName set (the SAM template sets it): the DynamoDB store, which reads the rest of its
// settings from the environment itself. Otherwise SQLite at HDOC_DB (default hdoc.db), which is what
// local runs against the emulator use. HDOC_CORS_ORIGINS: the allow-list (http::parseCorsOrigins).
// HDOC_READ_CACHE_CONTROL: Cache-Control of successful reads (an invalid value fails init, in the
// Api's constructor). HDOC_GITHUB_WEBHOOK_SECRET: the GitHub webhook's secret, resolved from Secrets
// Manager by CloudFormation (unset: POST /webhooks/github answers 404).
LambdaConfig lambdaConfigFromEnvironment() {
  LambdaConfig config;
  if (env("databaseName")) {
    config.store.kind = "dynamodb";
  } else {
    config.store.kind = "sqlite";
    if (auto path = env("HDOC_DB")) config.store.sqlitePath = *path;
  }
  config.api.corsOrigins = http::parseCorsOrigins(env("HDOC_CORS_ORIGINS").value_or(""));
  if (auto cacheControl = env("HDOC_READ_CACHE_CONTROL")) config.api.readCacheControl = *cacheControl;
  config.api.githubWebhookSecret = env("HDOC_GITHUB_WEBHOOK_SECRET").value_or("");
  return config;
}

}  // namespace

int lambdaCommand() {
  const auto endpoint = env("AWS_LAMBDA_RUNTIME_API");
  if (!endpoint) {
    std::cerr << "hdoc lambda: AWS_LAMBDA_RUNTIME_API is not set (this command runs inside Lambda)\n";
    return 2;
  }
  std::unique_ptr<lambda::RuntimeClient> client;
  try {
    client = std::make_unique<lambda::RuntimeClient>(*endpoint);
  } catch (const std::exception& e) {
    std::cerr << "hdoc lambda: " << e.what() << "\n";
    return 1;
  }

  // Init, once per execution environment, before the first /next. One ping, so that an unreachable
  // table is an init error rather than a failure of every invocation.
  std::unique_ptr<store::Store> store;
  std::unique_ptr<http::Api> api;
  try {
    LambdaConfig config = lambdaConfigFromEnvironment();
    store = store::openStore(config.store);
    store->ping();
    api = std::make_unique<http::Api>(*store, std::move(config.api));
  } catch (const std::exception& e) {
    lambda::reportInitError(*client, e.what());
    return 1;
  }
  return lambda::serveApi(*client, *api);
}

}  // namespace hdoc::cli
