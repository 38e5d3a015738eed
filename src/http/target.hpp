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

}  // namespace hdoc::http
