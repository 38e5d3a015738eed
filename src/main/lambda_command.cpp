// The composition root of the Lambda host (`hdoc lambda`, or a bootstrap started by Lambda): reads
// the environment once, opens and pings the store, builds the API and hands it to the Runtime API
// loop of src/lambda. A failure before the first event is an init error.
#include <chrono>
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
  lambda::EmfSettings metrics;
};

// databaseName set (the SAM template sets it): the DynamoDB store, which reads the rest of its
// settings from the environment itself. Otherwise SQLite at HDOC_DB (default hdoc.db), which is what
// local runs against the emulator use. HDOC_CORS_ORIGINS: the allow-list (http::parseCorsOrigins).
// HDOC_READ_CACHE_CONTROL: Cache-Control of successful reads (an invalid value fails init, in the
// Api's constructor). HDOC_GITHUB_WEBHOOK_SECRET: the GitHub webhook's secret, resolved from Secrets
// Manager by CloudFormation (unset: POST /webhooks/github answers 404). HDOC_METRICS_NAMESPACE and
// HDOC_STAGE: the CloudWatch namespace and Stage dimension of the EMF metrics (lambda/emf.hpp).
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
  if (auto ns = env("HDOC_METRICS_NAMESPACE"); ns && !ns->empty()) config.metrics.metricNamespace = *ns;
  if (auto stage = env("HDOC_STAGE"); stage && !stage->empty()) config.metrics.stage = *stage;
  return config;
}

}  // namespace

int lambdaCommand() {
  const auto started = std::chrono::steady_clock::now();  // InitDuration counts from here
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
  std::unique_ptr<lambda::InvocationMetrics> metrics;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<http::Api> api;
  try {
    LambdaConfig config = lambdaConfigFromEnvironment();
    metrics = std::make_unique<lambda::InvocationMetrics>(config.metrics);
    config.store.telemetry = metrics.get();
    config.api.telemetry = metrics.get();
    store = store::openStore(config.store);
    store->ping();
    api = std::make_unique<http::Api>(*store, std::move(config.api));
  } catch (const std::exception& e) {
    lambda::reportInitError(*client, e.what());
    return 1;
  }
  metrics->discard();  // the init's ping is no invocation's
  const auto init = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  lambda::writeMetricsLine(lambda::initLine(metrics->settings(), init.count(), lambda::unixMillis()));
  return lambda::serveApi(*client, *api, metrics.get());
}

}  // namespace hdoc::cli
