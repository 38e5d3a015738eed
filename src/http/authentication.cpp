#include "http/authentication.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <optional>

#include "http/problem.hpp"

namespace hdoc::http {
namespace {

Response unauthorized(std::string_view detail, std::string_view instance, bool tokenPresented) {
  Response res = problem(401, detail, instance);
  // RFC 6750 section 3.1: no error code when the request carried no credentials at all.
  res.set("WWW-Authenticate", tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer");
  return res;
}

// Authorization is a singleton field (RFC 9110 section 11.6.2). With two of them, a proxy or
// authorizer in front of hdoc may have checked one and hdoc would take the other, so neither is
// taken. API Gateway's payload 2.0 joins repeated fields with commas into one value, and a Bearer
// credential (RFC 6750 b64token) never holds a comma, so a comma is refused the same way.
std::optional<Response> ambiguousAuthorization(const Request& req, std::string_view instance) {
  std::size_t fields = 0;
  bool joined = false;
  for (const auto& h : req.headers) {
    if (!boost::algorithm::iequals(h.name, "Authorization")) continue;
    ++fields;
    joined |= h.value.find(',') != std::string::npos;
  }
  if (fields > 1) {
    return problem(400, "the request has more than one Authorization field: send exactly one", instance,
                   {{"Authorization", "appears more than once"}});
  }
  if (joined) {
    return problem(400, "the Authorization field holds a list (a comma): send exactly one Bearer token",
                   instance, {{"Authorization", "must hold exactly one credential"}});
  }
  return std::nullopt;
}

}  // namespace

std::variant<core::Principal, Response> authenticate(const Request& req, const auth::TokenVerifier* verifier,
                                                     std::string_view instance, core::Telemetry& telemetry) {
  if (auto refused = ambiguousAuthorization(req, instance)) {
    telemetry.authRefusal("ambiguous_authorization");
    return std::move(*refused);
  }
  if (req.principal) return *req.principal;
  const std::string_view authorization = req.header("Authorization");
  if (!verifier) {
    telemetry.authRefusal("no_verifier");
    return unauthorized("this server verifies no tokens (it was started without a JWKS); writes are refused",
                        instance, !authorization.empty());
  }
  auto result = verifier->verify(authorization);
  if (auto* principal = std::get_if<core::Principal>(&result)) return std::move(*principal);
  const auto& error = std::get<auth::AuthError>(result);
  telemetry.authRefusal(auth::authErrorName(error.kind));
  if (error.kind == auth::AuthErrorKind::KeysUnavailable) {
    Response res = problem(503, "the token signing keys cannot be fetched right now", instance);
    res.set("Retry-After", "60");
    return res;
  }
  if (error.kind == auth::AuthErrorKind::MissingToken) {
    return unauthorized("sign in: this route needs Authorization: Bearer <token>", instance, false);
  }
  return unauthorized("the token was refused: " + error.detail, instance, true);
}

}  // namespace hdoc::http
