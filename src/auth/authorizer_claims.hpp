// The principal behind API Gateway: the HTTP API's JWT authorizer has verified the token and hands the
// Lambda its claims in event.requestContext.authorizer.jwt.claims, with every value turned into a
// string (arrays such as cognito:groups become "[admin editors]").
#pragma once

#include <boost/json/fwd.hpp>
#include <optional>

#include "core/principal.hpp"

namespace hdoc::auth {

// sub, username ("cognito:username" for id tokens, "username" for access tokens), email and
// cognito:groups (a JSON array of strings, or API Gateway's "[a b]" string, or a bare "a" or "a,b").
// nullopt when there is no non-empty sub or no object at all: the caller answers 401.
std::optional<core::Principal> principalFromAuthorizerClaims(const boost::json::value& claims);

}  // namespace hdoc::auth
