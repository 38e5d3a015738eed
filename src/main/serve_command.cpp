#include <iostream>
#include <thread>

#include "auth/verifier.hpp"
#include "core/json_writer.hpp"
#include "http/api.hpp"
#include "http/cors.hpp"
#include "http/routes.hpp"
#include "main/commands.hpp"
#include "server/server.hpp"
#include "store/sqlite/database_lock.hpp"
#ifdef HDOC_WITH_PROMETHEUS
#include "metrics/metrics_endpoint.hpp"
#include "metrics/prometheus_telemetry.hpp"
#endif

namespace hdoc::cli {
namespace {

// The options of `hdoc serve` after the store's, in --help order.
const std::vector<OptionSpec> kServeOptions = {
    {"listen", "HOST:PORT", "address to listen on (default $HDOC_LISTEN, else 127.0.0.1:8080)"},
    {"metrics-listen", "HOST:PORT",
     "serve Prometheus metrics at GET /metrics on this address, apart from the API "
     "(default $HDOC_METRICS_LISTEN, else off)"},
    {"threads", "N", "I/O threads, each with its own event loop (default: one per CPU the process may use)"},
    {"query-threads", "N", "threads computing answers the cache lacks (default: max(4, 2 x CPUs))"},
    {"cors-origin", "ORIGIN",
     "allowed CORS origin, repeatable or comma-separated (default $HDOC_CORS_ORIGINS, else *)", true},
    {"no-cache", "", "disable the response cache"},
    {"cache-bytes", "N", "byte budget of the response cache (default 67108864, 64 MiB)"},
    {"read-cache-control", "VALUE",
     "Cache-Control of successful reads (default $HDOC_READ_CACHE_CONTROL, else no-cache)"},
    {"no-compression", "", "never gzip/Brotli-encode responses"},
    {"quiet", "", "no access log"},
    {"jwks", "FILE", "JWKS file of the Cognito user pool: enables the write API ($HDOC_JWKS)"},
    {"jwks-url", "URL", "JWKS URL, fetched and cached; refetched on an unknown kid ($HDOC_JWKS_URL)"},
    {"issuer", "URL", "token issuer, https://cognito-idp.REGION.amazonaws.com/POOL ($HDOC_ISSUER)"},
    {"cognito-region", "REGION", "with --cognito-user-pool-id: builds the issuer"},
    {"cognito-user-pool-id", "ID", "with --cognito-region: builds the issuer"},
    {"client-id", "ID", "the app client id tokens must be issued to ($HDOC_CLIENT_ID)"},
    {"write-rate", "N", "writes per minute per signed-in caller (default 30; 0 turns the limit off)"},
    {"write-burst", "N", "writes a caller may make at once before the rate applies (default 10)"},
    {"github-webhook-secret", "SECRET",
     "secret of the GitHub webhook: enables POST /webhooks/github ($HDOC_GITHUB_WEBHOOK_SECRET)"},
};

// Every --cors-origin (each comma-separated) when given, else $HDOC_CORS_ORIGINS, read by the parser
// the Lambda host uses too: "https://a, https://b" is two origins, and naming none means "*".
std::vector<std::string> corsOriginsFrom(const Options& options) {
  const auto flags = options.values("cors-origin");
  if (flags.empty()) return http::parseCorsOrigins(env("HDOC_CORS_ORIGINS").value_or(""));
  std::string joined;
  for (const auto& value : flags) joined += value + ",";
  return http::parseCorsOrigins(joined);
}

// "127.0.0.1:8080", "[::1]:8080", ":8080" (all IPv4 interfaces).
void parseListen(const std::string& text, server::ServerConfig& config,
                 std::string_view option = "--listen") {
  const std::string name(option);
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) throw UsageError(name + " must be HOST:PORT, got '" + text + "'");
  std::string host = text.substr(0, colon);
  const std::string port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(port) > 65535) {
    throw UsageError(name + " port must be 0..65535, got '" + port + "'");
  }
  config.address = host;
  config.port = static_cast<unsigned short>(std::stoul(port));
}

// The write API's token verifier from --jwks/--jwks-url, --issuer (or --cognito-region and
// --cognito-user-pool-id) and --client-id, or their HDOC_* environment variables. nullptr when no key
// source is configured: writes then answer 401.
std::shared_ptr<const auth::TokenVerifier> verifierFrom(const Options& options) {
  auto pick = [&](const char* name, const char* var) {
    auto v = options.value(name);
    return v ? v : env(var);
  };
  const auto jwks = pick("jwks", "HDOC_JWKS");
  const auto jwksUrl = pick("jwks-url", "HDOC_JWKS_URL");
  auto issuer = pick("issuer", "HDOC_ISSUER");
  const auto clientId = pick("client-id", "HDOC_CLIENT_ID");
  const auto region = options.value("cognito-region");
  const auto pool = options.value("cognito-user-pool-id");
  if (region.has_value() != pool.has_value()) {
    throw UsageError("--cognito-region and --cognito-user-pool-id go together");
  }
  if (region) {
    if (options.value("issuer"))
      throw UsageError("give --issuer or --cognito-region/--cognito-user-pool-id, not both");
    issuer = auth::cognitoIssuer(*region, *pool);
  }
  if (!jwks && !jwksUrl) {
    if (issuer || clientId) throw UsageError("--issuer and --client-id need --jwks FILE or --jwks-url URL");
    return nullptr;
  }
  if (jwks && jwksUrl) throw UsageError("give --jwks or --jwks-url, not both");
  if (!issuer)
    throw UsageError(
        "token verification needs --issuer URL (or --cognito-region and --cognito-user-pool-id)");
  if (!clientId) throw UsageError("token verification needs --client-id ID (the Cognito app client)");
  auth::VerifierConfig config;
  config.issuer = *issuer;
  config.clientId = *clientId;
  config.jwksFile = jwks.value_or("");
  config.jwksUrl = jwksUrl.value_or("");
  try {
    return std::make_shared<const auth::TokenVerifier>(config);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
}

// The metrics listener: a second server of its own (one thread, no access log), so that a scrape
// never queues behind API traffic and the API port never serves /metrics.
struct MetricsListener {
#ifdef HDOC_WITH_PROMETHEUS
  metrics::PrometheusTelemetry telemetry;
  metrics::MetricsEndpoint endpoint{telemetry};
  server::Server server;
  std::thread thread;

  std::string address;

  explicit MetricsListener(const server::ServerConfig& config)
      : telemetry(http::routePatterns(), kHdocVersion), server(endpoint, config), address(config.address) {}
  ~MetricsListener() {
    server.stop();
    if (thread.joinable()) thread.join();
  }
  void start() {
    server.listen();
    thread = std::thread([this] { server.run(false); });
  }
#endif
};

std::unique_ptr<MetricsListener> metricsListenerFrom(const Options& options) {
  auto address = options.value("metrics-listen");
  if (!address) address = env("HDOC_METRICS_LISTEN");
  if (!address || address->empty()) return nullptr;
  server::ServerConfig config;
  parseListen(*address, config, "--metrics-listen");
#ifdef HDOC_WITH_PROMETHEUS
  config.threads = 1;
  config.queryThreads = 1;
  config.accessLog = false;
  return std::make_unique<MetricsListener>(config);
#else
  throw UsageError("this hdoc was built without Prometheus metrics (HDOC_PROMETHEUS=OFF)");
#endif
}

}  // namespace

int serveCommand(const Args& args) {
  CommandSpec spec{"hdoc serve [options]",
                   "Serves the API over HTTP/1.1 until SIGINT or SIGTERM; in-flight requests finish first.\n"
                   "Logs one JSON line per request to stderr.",
                   storeOptionSpecs()};
  spec.options.insert(spec.options.end(), kServeOptions.begin(), kServeOptions.end());
  Options options(spec, args);
  if (printedHelp(spec, options)) return 0;
  if (!options.positionals().empty())
    throw UsageError("unexpected argument '" + options.positionals()[0] + "'");

  server::ServerConfig config;
  parseListen(options.value("listen").value_or(env("HDOC_LISTEN").value_or("127.0.0.1:8080")), config);
  config.threads = static_cast<int>(options.count("threads", 0, 256));
  config.queryThreads = static_cast<int>(options.count("query-threads", 0, 1024));
  config.accessLog = !options.flag("quiet");
  http::ApiConfig apiConfig;
  apiConfig.corsOrigins = corsOriginsFrom(options);
  apiConfig.responseCache = !options.flag("no-cache");
  apiConfig.cacheBytes =
      options.count("cache-bytes", http::ResponseCache::kDefaultBudget, std::size_t{1} << 40);
  apiConfig.readCacheControl =
      options.value("read-cache-control").value_or(env("HDOC_READ_CACHE_CONTROL").value_or("no-cache"));
  apiConfig.compression = !options.flag("no-compression");
  for (const char c : apiConfig.readCacheControl) {
    if (c < 0x20 || c > 0x7E) throw UsageError("--read-cache-control must be one line of visible ASCII");
  }
  if (apiConfig.readCacheControl.empty()) throw UsageError("--read-cache-control must not be empty");
  apiConfig.verifier = verifierFrom(options);
  apiConfig.writeRateLimit.perMinute = static_cast<double>(options.count("write-rate", 30, 1000000));
  apiConfig.writeRateLimit.burst = static_cast<double>(options.count("write-burst", 10, 1000000));
  if (apiConfig.writeRateLimit.burst < 1) throw UsageError("--write-burst must be at least 1");
  apiConfig.githubWebhookSecret =
      options.value("github-webhook-secret").value_or(env("HDOC_GITHUB_WEBHOOK_SECRET").value_or(""));

  if (apiConfig.verifier) {
    // Fetch the JWKS now so a wrong URL shows at start-up; the server still starts (the keys are
    // fetched again, at most once a minute, when a token arrives).
    if (auto error = apiConfig.verifier->prefetchKeys()) {
      std::string warn = "{\"msg\":\"cannot fetch the JWKS yet\",\"error\":";
      core::appendJsonString(warn, *error);
      std::cerr << warn << "}" << std::endl;
    }
  }
  auto metricsListener = metricsListenerFrom(options);
  auto storeOptions = storeOptionsFrom(options);
#ifdef HDOC_WITH_PROMETHEUS
  if (metricsListener) {
    storeOptions.telemetry = &metricsListener->telemetry;
    apiConfig.telemetry = &metricsListener->telemetry;
    config.telemetry = &metricsListener->telemetry;
  }
#endif
  // Held while serving, so that `hdoc restore` can tell the database is in use (database_lock.hpp).
  std::optional<store::sqlite::DatabaseLock> databaseLock;
  if (storeOptions.kind == "sqlite") {
    databaseLock = store::sqlite::DatabaseLock::tryAcquire(storeOptions.sqlitePath,
                                                           store::sqlite::DatabaseLock::Mode::Shared);
    if (!databaseLock) {
      throw std::runtime_error(storeOptions.sqlitePath + " is being restored (`hdoc restore` holds " +
                               store::sqlite::DatabaseLock::lockPath(storeOptions.sqlitePath) +
                               "): start the server again when it has finished");
    }
  }
  auto store = store::openStore(storeOptions);
  http::Api api(*store, apiConfig);
  server::Server server(api, config);
  server.listen();
  std::string line = "{\"msg\":\"listening\",\"address\":";
  core::appendJsonString(line, config.address + ":" + std::to_string(server.port()));
#ifdef HDOC_WITH_PROMETHEUS
  if (metricsListener) {
    metricsListener->telemetry.observeCache([&api] { return api.cacheStats(); },
                                            apiConfig.responseCache ? apiConfig.cacheBytes : 0);
    metricsListener->start();
    line += ",\"metrics\":";
    core::appendJsonString(line, "http://" + metricsListener->address + ":" +
                                     std::to_string(metricsListener->server.port()) + "/metrics");
  }
#endif
  line += ",\"store\":";
  core::appendJsonString(line, store->kind());
  line +=
      apiConfig.verifier ? ",\"writes\":\"enabled\"" : ",\"writes\":\"disabled (no --jwks or --jwks-url)\"";
  std::cerr << line << "}" << std::endl;
  server.run();
  metricsListener.reset();  // before the Api its cache figures are read from
  std::cerr << "{\"msg\":\"stopped\"}" << std::endl;
  return 0;
}

}  // namespace hdoc::cli
