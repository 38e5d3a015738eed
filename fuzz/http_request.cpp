// Fuzz target: the HTTP API from the request line to the router and every read handler, the way the
// Beast server and the Lambda adapter both call it: method, target (path, percent-encoding, query,
// limit/tag parameters), headers (Origin for CORS, If-None-Match for ETags, Content-Type) and body,
// through http::Api::handle against a real SQLite store. No verifier and no principal: every write
// must be refused with 401, so the shared store never changes.
//
// Input: request text (support/request_text.hpp). Checked beyond "no crash": every response is a
// valid status with a Content-Type, and error statuses carry a problem+json body.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "http/api.hpp"
#include "support/fuzz_store.hpp"
#include "support/request_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hdoc;
  static http::Api& api = *[] {
    http::ApiConfig config;
    config.corsOrigins = {"https://www.100daysofcloud.com", "http://localhost:3000"};
    config.clock = fuzz::fixedClock;
    return new http::Api(fuzz::sharedStore(), config);  // lives as long as the process
  }();
  const http::Request req =
      fuzz::requestFromText(std::string_view(reinterpret_cast<const char*>(data), size));
  const http::Response res = api.handle(req);
  if (std::getenv("HDOC_FUZZ_VERBOSE")) {  // to see what a corpus file does: one line per input
    std::fprintf(stderr, "%s %s -> %d %.200s\n", req.method.c_str(), req.target.c_str(), res.status,
                 res.body.c_str());
  }
  if (res.status < 100 || res.status > 599) std::abort();
  if (res.status >= 500) std::abort();  // a store that works never makes the API fail
  if (res.header("Content-Type").empty()) std::abort();
  if (res.status >= 400 && res.header("Content-Type") != "application/problem+json") std::abort();
  const bool write = req.method != "GET" && req.method != "HEAD" && req.method != "OPTIONS";
  if (write && res.status >= 200 && res.status < 300) std::abort();  // nobody signed in
  return 0;
}
