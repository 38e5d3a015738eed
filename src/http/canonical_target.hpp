// The canonical form of a read's target: what its answer depends on, and nothing else. It is the
// response cache's key (so that `?x=1`, `?x=2`, `/API`-less spellings or case variants of a tag never
// make entries of their own) and the base of `Link: rel="next"` (so that a next link names the
// same list the way every other client's does):
// - the /api prefix as the caller used it (links keep it);
// - the route's pattern with its placeholders filled: githubProfile and tag ASCII-folded (both are
//   matched case-insensitively), a limit as a plain decimal number; no trailing slash;
// - then only the query parameters the endpoint reads, in the endpoint's order, percent-encoded,
//   with the same canonical values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/routes.hpp"
#include "http/target.hpp"

namespace hdoc::http {

// nullopt when a parameter the endpoint reads is given more than once: the handler refuses such a
// request (400), so it has no canonical form. With `cursor`, the cursor parameter is replaced by it
// (present or not in the request): the target of the next page.
std::optional<std::string> canonicalTarget(const RouteInfo& route, const Endpoint& endpoint,
                                           const Target& target, const std::vector<std::string>& params,
                                           std::optional<std::string_view> cursor = std::nullopt);

}  // namespace hdoc::http
