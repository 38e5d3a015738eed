// Request-target parsing: path segments (decoded, with the /api prefix and one trailing slash
// removed) and query parameters (decoded), with the reason when the target is unusable.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hdoc::http {

struct Target {
  std::string path;                   // as sent, without the query: for logs and problem "instance"
  std::vector<std::string> segments;  // "/api/articles/open%20system/" -> {"articles", "open system"}
  std::vector<std::pair<std::string, std::string>> query;

  // How many times a query parameter appears, and its first value.
  std::size_t count(std::string_view name) const;
  std::optional<std::string_view> first(std::string_view name) const;
};

// nullopt (with `why`) for a target that is not origin-form, or whose decoded path or query is
// not valid UTF-8.
std::optional<Target> parseTarget(std::string_view target, std::string& why);

// "/api" when the caller used the /api prefix, else "": links and Location point where the caller is.
std::string_view apiPrefix(const Target& target);

// Percent-encodes a path segment or a query key or value: everything but RFC 3986 unreserved
// characters becomes %XX, so the result can stand anywhere in a target (and inside `<...>` of a Link).
std::string percentEncode(std::string_view text);

}  // namespace hdoc::http
