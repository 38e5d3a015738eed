// Who is calling a write route: the principal a host already verified (Lambda behind API Gateway's JWT
// authorizer), else the Bearer token checked by hdoc's own verifier (`hdoc serve`), else nobody.
#pragma once

#include <string_view>
#include <variant>

#include "auth/verifier.hpp"
#include "core/principal.hpp"
#include "core/telemetry.hpp"
#include "http/message.hpp"

namespace hdoc::http {

// The principal, or the refusal: 400 when the request has more than one Authorization field or one
// holding a comma (two fields joined by a proxy), whoever the host says the caller is; 401 with
// `WWW-Authenticate: Bearer` when there is no token (or no way to check one), `Bearer
// error="invalid_token"` when the token is bad, 503 when the keys cannot be had. Each refusal is
// told to `telemetry` with its reason: "ambiguous_authorization", "no_verifier", or the verifier's
// auth::authErrorName ("missing_token", "expired", "bad_signature", "keys_unavailable", ...).
std::variant<core::Principal, Response> authenticate(const Request& req, const auth::TokenVerifier* verifier,
                                                     std::string_view instance,
                                                     core::Telemetry& telemetry = core::noTelemetry());

}  // namespace hdoc::http
