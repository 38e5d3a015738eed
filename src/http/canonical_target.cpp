#include "http/canonical_target.hpp"

#include "core/query.hpp"
#include "core/text.hpp"

namespace hdoc::http {
namespace {

// The canonical spelling of a parameter's value: what the handler makes of it.
std::string canonicalValue(std::string_view name, std::string_view value) {
  if (name == "githubProfile" || name == "tag") return core::asciiFold(value);
  if (name == "limit") {
    std::string why;
    if (auto n = core::parseLimit(value, why)) return std::to_string(*n);
  }
  return std::string(value);  // refused by the handler (or opaque, like a cursor): kept as sent
}

}  // namespace

std::optional<std::string> canonicalTarget(const RouteInfo& route, const Endpoint& endpoint, const Target& t,
                                           const std::vector<std::string>& params,
                                           std::optional<std::string_view> cursor) {
  std::string out(apiPrefix(t));
  // The pattern, placeholders replaced by the values in order.
  std::size_t next = 0;
  std::string_view pattern = route.pattern;
  while (!pattern.empty()) {
    const auto open = pattern.find('{');
    out += pattern.substr(0, open);
    if (open == std::string_view::npos) break;
    const auto close = pattern.find('}', open);
    const std::string_view name = pattern.substr(open + 1, close - open - 1);
    if (next < params.size()) out += percentEncode(canonicalValue(name, params[next++]));
    pattern.remove_prefix(close + 1);
  }
  char separator = '?';
  auto append = [&](std::string_view name, std::string_view value) {
    out += separator;
    separator = '&';
    out += name;
    out += '=';
    out += percentEncode(value);
  };
  for (const std::string_view name : endpoint.query) {
    if (name.empty()) break;
    if (name == "cursor" && cursor) {
      append(name, *cursor);
      continue;
    }
    const std::size_t n = t.count(name);
    if (n > 1) return std::nullopt;
    if (n == 1) append(name, canonicalValue(name, *t.first(name)));
  }
  return out;
}

}  // namespace hdoc::http
