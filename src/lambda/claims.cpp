#include "lambda/claims.hpp"

#include <boost/json.hpp>

namespace hdoc::lambda {
namespace {

void addGroup(std::vector<std::string>& groups, std::string_view name) {
  while (!name.empty() && (name.front() == ' ' || name.front() == '"')) name.remove_prefix(1);
  while (!name.empty() && (name.back() == ' ' || name.back() == '"')) name.remove_suffix(1);
  if (!name.empty()) groups.emplace_back(name);
}

std::string claimString(const boost::json::object& claims, std::string_view key) {
  const auto* v = claims.if_contains(key);
  if (v == nullptr) return {};
  if (v->is_string()) return std::string(v->get_string());
  return boost::json::serialize(*v);  // numbers and booleans: keep their text
}

}  // namespace

std::vector<std::string> parseGroups(std::string_view text) {
  std::vector<std::string> groups;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return groups;
  if (text.front() == '[' && text.back() == ']') {
    // A JSON array that arrived as a string, or the JWT authorizer's "[a b]" rendering.
    boost::system::error_code ec;
    auto parsed = boost::json::parse(text, ec);
    if (!ec && parsed.is_array()) return parseGroups(parsed);
    text = text.substr(1, text.size() - 2);
  }
  const bool commas = text.find(',') != std::string_view::npos;
  const char separator = commas ? ',' : ' ';
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    addGroup(groups, text.substr(start, end - start));
    start = end + 1;
  }
  return groups;
}

std::vector<std::string> parseGroups(const boost::json::value& groups) {
  if (groups.is_string()) return parseGroups(std::string_view(groups.get_string()));
  std::vector<std::string> out;
  if (const auto* array = groups.if_array()) {
    for (const auto& g : *array) {
      if (g.is_string()) addGroup(out, g.get_string());
    }
  }
  return out;
}

std::optional<core::Principal> principalFromClaims(const boost::json::value* claims) {
  if (claims == nullptr || !claims->is_object()) return std::nullopt;
  const auto& object = claims->get_object();
  core::Principal principal;
  principal.sub = claimString(object, "sub");
  if (principal.sub.empty()) return std::nullopt;
  // Id tokens carry cognito:username, access tokens username.
  principal.username = claimString(object, "cognito:username");
  if (principal.username.empty()) principal.username = claimString(object, "username");
  principal.email = claimString(object, "email");
  if (const auto* groups = object.if_contains("cognito:groups")) principal.groups = parseGroups(*groups);
  return principal;
}

}  // namespace hdoc::lambda
