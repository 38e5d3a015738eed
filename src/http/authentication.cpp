#include "http/authentication.hpp"

#include "http/problem.hpp"

namespace hdoc::http {
namespace {

Response unauthorized(std::string_view detail, std::string_view instance, bool tokenPresented) {
  Response res = problem(401, detail, instance);
  // RFC 6750 section 3.1: no error code when the request carried no credentials at all.
  res.set("WWW-Authenticate", tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer");
  return res;
}

}  // namespace

std::variant<core::Principal, Response> authenticate(const Request& req, const auth::TokenVerifier* verifier,
                                                     std::string_view instance) {
  if (req.principal) return *req.principal;
  const std::string_view authorization = req.header("Authorization");
  if (!verifier) {
    return unauthorized("this server verifies no tokens (it was started without a JWKS); writes are refused",
                        instance, !authorization.empty());
  }
  auto result = verifier->verify(authorization);
  if (auto* principal = std::get_if<core::Principal>(&result)) return std::move(*principal);
  const auto& error = std::get<auth::AuthError>(result);
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
