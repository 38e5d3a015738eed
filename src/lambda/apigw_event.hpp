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

// The proxy integration response for that format. Bodies that are not valid UTF-8 go out base64
// encoded (isBase64Encoded true); JSON bodies go out as text.
std::string encodeResponse(const http::Response& response, PayloadFormat format);

// Percent-encodes a query key or value the way a browser's form encoding would not need to guess:
// everything but RFC 3986 unreserved characters becomes %XX.
std::string percentEncode(std::string_view text);

}  // namespace hdoc::lambda
