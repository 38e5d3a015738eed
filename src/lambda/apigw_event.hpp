// API Gateway proxy events <-> the transport-neutral http::Request/Response.
// Both payload formats: HTTP API 2.0 (rawPath, rawQueryString, cookies, requestContext.http,
// requestContext.authorizer.jwt.claims) and REST API 1.0 (path, httpMethod,
// multiValueQueryStringParameters, multiValueHeaders, requestContext.authorizer.claims).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace hdoc::lambda {

enum class PayloadFormat { V1, V2 };

// The event is not an API Gateway proxy event we can serve (not JSON, no method or path, a body
// flagged base64 that is not). Reported to the runtime API as an invocation error.
class InvalidEvent : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DecodedEvent {
  PayloadFormat format = PayloadFormat::V2;
  http::Request request;
};

// Throws InvalidEvent. The stage prefix ("/dev/users" on a named stage) is removed; the "/api"
// prefix is kept, the router serves both.
DecodedEvent decodeEvent(std::string_view eventJson);

// Lambda refuses a synchronous response payload larger than this (6 MB), and API Gateway then
// answers 502. The body counts as it travels inside the payload: JSON-escaped or base64.
inline constexpr std::size_t kMaxResponsePayload = 6'291'556;

// The proxy integration response for that format. A body goes out as text when that is the shorter
// form, else base64 encoded (isBase64Encoded true): always for compressed or non-UTF-8 bodies, and
// for JSON whose escaping would take more than base64's 4/3 (quote-heavy text). So a page of the
// API's 4 MiB budget always fits the payload limit. Should an answer still not fit, the payload is a
// 500 problem+json saying so, never one Lambda would drop. `statusSent`, when given, is set to the
// status of the payload (the response's, or that 500), for the access log and the metrics.
std::string encodeResponse(const http::Response& response, PayloadFormat format, int* statusSent = nullptr);

// Percent-encodes a query key or value the way a browser's form encoding would not need to guess:
// everything but RFC 3986 unreserved characters becomes %XX.
std::string percentEncode(std::string_view text);

}  // namespace hdoc::lambda
