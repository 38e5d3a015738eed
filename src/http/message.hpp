// Transport-neutral HTTP messages: what the Beast server and the Lambda adapter both translate to
// and from, so the router never knows which host it runs in.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "core/telemetry.hpp"

namespace hdoc::http {

struct Header {
  std::string name;
  std::string value;
};

// Case-insensitive lookup of the first header with this name; empty when absent.
std::string_view findHeader(const std::vector<Header>& headers, std::string_view name);

struct Request {
  std::string method;  // "GET", "OPTIONS", ...
  std::string target;  // path and optional "?query", percent-encoded as sent
  std::vector<Header> headers;
  std::string body;
  // Set only by a host that has already verified the caller (Lambda behind a JWT authorizer).
  std::optional<core::Principal> principal;

  std::string_view header(std::string_view name) const { return findHeader(headers, name); }
};

struct Response {
  int status = 200;
  std::vector<Header> headers;
  std::string body;
  // The pattern of the route that answered ("/users/{githubProfile}"), for metrics: never the raw
  // path, so that its set is the route table's. Not sent.
  std::string_view route = core::kUnmatchedRoute;

  std::string_view header(std::string_view name) const { return findHeader(headers, name); }
  // Replaces any header of this name.
  void set(std::string_view name, std::string value);
};

}  // namespace hdoc::http
