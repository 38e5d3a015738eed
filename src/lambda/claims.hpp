// API Gateway authorizer claims -> the caller's Principal. Behind the JWT authorizer (HTTP API) or
// the Cognito authorizer (REST API) the token is already verified, so the claims are trusted as is.
#pragma once

#include <boost/json/fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"

namespace hdoc::lambda {

// Cognito groups as API Gateway hands them over: a JSON array (["admin","x"]), the JWT
// authorizer's flattened string ("[admin x]"), or the REST authorizer's comma list ("admin,x").
std::vector<std::string> parseGroups(const boost::json::value& groups);
std::vector<std::string> parseGroups(std::string_view groups);

// nullopt when there are no claims or no `sub` (then the request is anonymous).
std::optional<core::Principal> principalFromClaims(const boost::json::value* claims);

}  // namespace hdoc::lambda
