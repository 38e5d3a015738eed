// Fuzz target: the write routes (profiles, entries, entry verification, articles) with a signed-in
// caller, through http::Api::handle, so that strict JSON body validation, ownership rules and the
// store's atomic writes all see hostile input. Each input starts from a fresh copy of the same seeded
// database, so a crash replays from the input alone.
//
// Input: request text (support/request_text.hpp). The pseudo-header "X-Fuzz-As: admin|bob|none"
// chooses the caller (default: alice, who owns the profile "alice-dev"). Checked beyond "no crash":
// no 5xx; every error is problem+json; a refused write changes nothing (the data version and the
// caller-visible reads are as before).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/json_writer.hpp"
#include "http/api.hpp"
#include "support/fuzz_store.hpp"
#include "support/request_text.hpp"

namespace {

using namespace hdoc;

// Everything a write may touch, as one string: users (with scores), alice's entries, articles, tags.
std::string snapshot(store::Store& s) {
  std::string out = core::toJsonArray(std::span<const core::User>(s.listUsers(std::nullopt)));
  for (const auto& e : s.listEntries(fuzz::kAliceProfile)) {
    out += e.url + e.date + std::to_string(e.day) + (e.verified ? "+" : "-");
  }
  out += core::toJsonArray(std::span<const core::Article>(s.listArticles(std::nullopt, std::nullopt)));
  out += core::toJsonArray(std::span<const core::TagCount>(s.tagCounts(std::nullopt)));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  http::Request req = fuzz::requestFromText(std::string_view(reinterpret_cast<const char*>(data), size));
  const std::string as(req.header("X-Fuzz-As"));
  if (as == "admin") {
    req.principal = fuzz::admin();
  } else if (as == "bob") {
    req.principal = fuzz::bob();
  } else if (as != "none") {
    req.principal = fuzz::alice();
  }

  auto store = fuzz::freshStore();
  const std::string before = snapshot(*store);
  http::ApiConfig config;
  config.clock = fuzz::fixedClock;
  http::Api api(*store, config);
  const http::Response res = api.handle(req);

  if (std::getenv("HDOC_FUZZ_VERBOSE")) {  // to see what a corpus file does: one line per input
    std::fprintf(stderr, "%s %s -> %d %.200s\n", req.method.c_str(), req.target.c_str(), res.status,
                 res.body.c_str());
  }
  if (res.status < 100 || res.status > 599) std::abort();
  if (res.status >= 500) std::abort();
  if (res.status >= 400 && res.header("Content-Type") != "application/problem+json") std::abort();
  if (res.status >= 400 && snapshot(*store) != before) std::abort();  // refused, yet something changed
  return 0;
}
