// Who is calling: the claims of a verified Cognito token (by hdoc itself, or by API Gateway's JWT
// authorizer when hosted on Lambda).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

namespace hdoc::core {

struct Principal {
  std::string sub;
  std::string username;
  std::string email;
  std::vector<std::string> groups;  // cognito:groups

  bool isAdmin() const { return std::find(groups.begin(), groups.end(), "admin") != groups.end(); }
};

}  // namespace hdoc::core
