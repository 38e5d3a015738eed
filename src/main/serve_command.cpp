#include <iostream>

#include "core/json_writer.hpp"
#include "http/api.hpp"
#include "main/commands.hpp"
#include "server/server.hpp"

namespace hdoc::cli {
namespace {

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// "127.0.0.1:8080", "[::1]:8080", ":8080" (all IPv4 interfaces).
void parseListen(const std::string& text, server::ServerConfig& config) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) throw UsageError("--listen must be HOST:PORT, got '" + text + "'");
  std::string host = text.substr(0, colon);
  const std::string port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(port) > 65535) {
    throw UsageError("--listen port must be 0..65535, got '" + port + "'");
  }
  config.address = host;
  config.port = static_cast<unsigned short>(std::stoul(port));
}

}  // namespace

int serveCommand(const Args& args) {
  CommandSpec spec{"hdoc serve [options]",
                   "Serves the read API over HTTP/1.1 until SIGINT or SIGTERM; in-flight requests finish first.\n"
                   "Logs one JSON line per request to stderr.",
                   storeOptionSpecs()};
  spec.options.push_back({"listen", "HOST:PORT", "address to listen on (default $HDOC_LISTEN, else 127.0.0.1:8080)"});
  spec.options.push_back({"threads", "N", "I/O threads (default: one per core)"});
  spec.options.push_back({"cors-origin", "ORIGIN", "allowed CORS origin, repeatable or comma-separated "
                                                   "(default $HDOC_CORS_ORIGINS, else *)", true});
  spec.options.push_back({"no-cache", "", "disable the response cache"});
  spec.options.push_back({"quiet", "", "no access log"});
  Options options(spec, args);
  if (printedHelp(spec, options)) return 0;
  if (!options.positionals().empty()) throw UsageError("unexpected argument '" + options.positionals()[0] + "'");

  server::ServerConfig config;
  parseListen(options.value("listen").value_or(env("HDOC_LISTEN").value_or("127.0.0.1:8080")), config);
  config.threads = static_cast<int>(options.count("threads", 0, 256));
  config.accessLog = !options.flag("quiet");
  http::ApiConfig apiConfig;
  std::vector<std::string> origins;
  for (const auto& v : options.values("cors-origin")) {
    for (auto& o : splitList(v)) origins.push_back(o);
  }
  if (origins.empty()) origins = splitList(env("HDOC_CORS_ORIGINS").value_or("*"));
  if (origins.empty()) throw UsageError("--cors-origin must name at least one origin");
  apiConfig.corsOrigins = origins;
  apiConfig.responseCache = !options.flag("no-cache");

  auto store = store::openStore(storeOptionsFrom(options));
  http::Api api(*store, apiConfig);
  server::Server server(api, config);
  server.listen();
  std::string line = "{\"msg\":\"listening\",\"address\":";
  core::appendJsonString(line, config.address + ":" + std::to_string(server.port()));
  line += ",\"store\":";
  core::appendJsonString(line, store->kind());
  std::cerr << line << "}" << std::endl;
  server.run();
  std::cerr << "{\"msg\":\"stopped\"}" << std::endl;
  return 0;
}

}  // namespace hdoc::cli
