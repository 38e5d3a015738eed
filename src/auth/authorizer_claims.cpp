#include "auth/authorizer_claims.hpp"

#include <boost/json.hpp>

namespace hdoc::auth {
namespace {

namespace json = boost::json;

std::string stringClaim(const json::object& claims, std::string_view name) {
  auto it = claims.find(name);
  return it != claims.end() && it->value().is_string() ? std::string(it->value().get_string())
                                                       : std::string();
}

// Splits "[a b]", "a b", "a,b" or "a" into its non-empty words.
std::vector<std::string> groupsFromString(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  std::vector<std::string> groups;
  std::string current;
  for (char c : text) {
    if (c == ' ' || c == ',' || c == '\t') {
      if (!current.empty()) groups.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) groups.push_back(std::move(current));
  return groups;
}

}  // namespace

std::optional<core::Principal> principalFromAuthorizerClaims(const json::value& value) {
  if (!value.is_object()) return std::nullopt;
  const json::object& claims = value.get_object();
  core::Principal p;
  p.sub = stringClaim(claims, "sub");
  if (p.sub.empty()) return std::nullopt;
  const std::string tokenUse = stringClaim(claims, "token_use");
  p.username = stringClaim(claims, tokenUse == "access" ? "username" : "cognito:username");
  if (p.username.empty())
    p.username = stringClaim(claims, tokenUse == "access" ? "cognito:username" : "username");
  p.email = stringClaim(claims, "email");
  if (auto it = claims.find("cognito:groups"); it != claims.end()) {
    if (it->value().is_string()) {
      p.groups = groupsFromString(it->value().get_string());
    } else if (it->value().is_array()) {
      for (const json::value& g : it->value().get_array()) {
        if (g.is_string() && !g.get_string().empty()) p.groups.emplace_back(g.get_string());
      }
    }
  }
  return p;
}

}  // namespace hdoc::auth
