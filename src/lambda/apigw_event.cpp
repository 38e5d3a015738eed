#include "lambda/apigw_event.hpp"

#include <boost/json.hpp>
#include <cctype>

#include "auth/authorizer_claims.hpp"
#include "core/base64.hpp"
#include "core/text.hpp"
#include "http/problem.hpp"

namespace hdoc::lambda {
namespace json = boost::json;
namespace {

const json::value* at(const json::value* v, std::string_view key) {
  if (v == nullptr || !v->is_object()) return nullptr;
  const auto* found = v->get_object().if_contains(key);
  return found == nullptr || found->is_null() ? nullptr : found;
}

const json::value* at(const json::value* v, std::string_view k1, std::string_view k2) {
  return at(at(v, k1), k2);
}

std::string_view stringAt(const json::value* v, std::string_view key) {
  const auto* found = at(v, key);
  return found != nullptr && found->is_string() ? std::string_view(found->get_string()) : std::string_view();
}

std::string scalarText(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  return json::serialize(v);
}

// `text` with every byte for which `encode` is true written as %XX.
template <class Predicate>
std::string percentEncodeIf(std::string_view text, Predicate encode) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (encode(c)) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

// A path as API Gateway hands it over may be decoded; re-encode what cannot stand in a request
// target (space, '?', '#', controls, non-ASCII) so the router parses it as the client sent it.
std::string encodePath(std::string_view path) {
  return percentEncodeIf(path,
                         [](unsigned char c) { return c <= 0x20 || c >= 0x7F || c == '?' || c == '#'; });
}

// "/dev/users" on stage "dev" is "/users"; "$default" stages add no prefix.
std::string stripStage(std::string_view path, std::string_view stage) {
  if (stage.empty() || stage == "$default" || path.size() < stage.size() + 1) return std::string(path);
  if (path[0] != '/' || path.substr(1, stage.size()) != stage) return std::string(path);
  const std::string_view rest = path.substr(stage.size() + 1);
  if (rest.empty()) return "/";
  if (rest.front() != '/') return std::string(path);  // "/development" is not stage "dev"
  return std::string(rest);
}

// Behind the JWT authorizer (HTTP API) or the Cognito authorizer (REST API) the token is verified
// already: the claims are the caller.
std::optional<core::Principal> principalFrom(const json::value* claims) {
  if (claims == nullptr) return std::nullopt;
  return auth::principalFromAuthorizerClaims(*claims);
}

std::string decodeBody(const json::value& event) {
  const auto* body = at(&event, "body");
  if (body == nullptr) return {};
  if (!body->is_string()) throw InvalidEvent("event body is not a string");
  const auto* b64 = at(&event, "isBase64Encoded");
  if (b64 != nullptr && b64->is_bool() && b64->get_bool()) {
    auto decoded = core::base64Decode(body->get_string());
    if (!decoded) throw InvalidEvent("event body is flagged isBase64Encoded but is not base64");
    return std::move(*decoded);
  }
  return std::string(body->get_string());
}

std::string requireMethod(std::string_view method) {
  if (method.empty()) throw InvalidEvent("event has no HTTP method");
  std::string upper(method);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

http::Request decodeV2(const json::value& event) {
  http::Request request;
  const auto* context = at(&event, "requestContext");
  request.method = requireMethod(stringAt(at(context, "http"), "method"));
  std::string_view rawPath = stringAt(&event, "rawPath");
  if (rawPath.empty()) rawPath = stringAt(at(context, "http"), "path");
  if (rawPath.empty()) throw InvalidEvent("event has no rawPath");
  request.target = encodePath(stripStage(rawPath, stringAt(context, "stage")));
  if (const auto query = stringAt(&event, "rawQueryString"); !query.empty()) {
    request.target += '?';
    request.target += query;
  }
  if (const auto* headers = at(&event, "headers"); headers != nullptr && headers->is_object()) {
    for (const auto& [name, value] : headers->get_object()) {
      request.headers.push_back({std::string(name), scalarText(value)});
    }
  }
  // HTTP API moves Cookie headers into their own array.
  if (const auto* cookies = at(&event, "cookies"); cookies != nullptr && cookies->is_array()) {
    std::string joined;
    for (const auto& c : cookies->get_array()) {
      if (!c.is_string()) continue;
      if (!joined.empty()) joined += "; ";
      joined += c.get_string();
    }
    if (!joined.empty()) request.headers.push_back({"cookie", std::move(joined)});
  }
  request.body = decodeBody(event);
  request.principal = principalFrom(at(at(context, "authorizer"), "jwt", "claims"));
  return request;
}

http::Request decodeV1(const json::value& event) {
  http::Request request;
  const auto* context = at(&event, "requestContext");
  request.method = requireMethod(stringAt(&event, "httpMethod"));
  const std::string_view path = stringAt(&event, "path");
  if (path.empty()) throw InvalidEvent("event has no path");
  request.target = encodePath(stripStage(path, stringAt(context, "stage")));

  // Multi-value parameters carry every repetition (?limit=1&limit=2 must stay a 400).
  std::string query;
  auto appendParam = [&query](std::string_view key, std::string_view value) {
    query += query.empty() ? '?' : '&';
    query += percentEncode(key);
    query += '=';
    query += percentEncode(value);
  };
  if (const auto* multi = at(&event, "multiValueQueryStringParameters");
      multi != nullptr && multi->is_object()) {
    for (const auto& [key, values] : multi->get_object()) {
      if (values.is_array()) {
        for (const auto& v : values.get_array()) appendParam(key, scalarText(v));
      } else if (!values.is_null()) {
        appendParam(key, scalarText(values));
      }
    }
  } else if (const auto* single = at(&event, "queryStringParameters");
             single != nullptr && single->is_object()) {
    for (const auto& [key, value] : single->get_object()) {
      if (!value.is_null()) appendParam(key, scalarText(value));
    }
  }
  request.target += query;

  if (const auto* multi = at(&event, "multiValueHeaders"); multi != nullptr && multi->is_object()) {
    for (const auto& [name, values] : multi->get_object()) {
      if (values.is_array()) {
        for (const auto& v : values.get_array())
          request.headers.push_back({std::string(name), scalarText(v)});
      } else if (!values.is_null()) {
        request.headers.push_back({std::string(name), scalarText(values)});
      }
    }
  } else if (const auto* single = at(&event, "headers"); single != nullptr && single->is_object()) {
    for (const auto& [name, value] : single->get_object()) {
      if (!value.is_null()) request.headers.push_back({std::string(name), scalarText(value)});
    }
  }
  request.body = decodeBody(event);
  request.principal = principalFrom(at(at(context, "authorizer"), "claims"));
  return request;
}

}  // namespace

std::string percentEncode(std::string_view text) {
  return percentEncodeIf(text, [](unsigned char c) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    return !unreserved;
  });
}

DecodedEvent decodeEvent(std::string_view eventJson) {
  boost::system::error_code ec;
  const json::value event = json::parse(eventJson, ec);
  if (ec || !event.is_object()) throw InvalidEvent("event is not a JSON object");
  DecodedEvent decoded;
  const auto version = stringAt(&event, "version");
  const bool v2 = version == "2.0" || (version.empty() && at(&event, "requestContext", "http") != nullptr &&
                                       at(&event, "httpMethod") == nullptr);
  if (v2) {
    decoded.format = PayloadFormat::V2;
    decoded.request = decodeV2(event);
  } else if (at(&event, "httpMethod") != nullptr) {
    decoded.format = PayloadFormat::V1;
    decoded.request = decodeV1(event);
  } else {
    throw InvalidEvent("event is not an API Gateway proxy event (no version 2.0, no httpMethod)");
  }
  return decoded;
}

namespace {

// The bytes `text` takes as a JSON string's contents (boost::json escapes '"', '\\' and controls).
std::size_t escapedSize(std::string_view text) {
  std::size_t n = text.size();
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
      n += 1;
    } else if (c < 0x20) {
      n += 5;  // \u00XX
    }
  }
  return n;
}

std::string encodeWithin(const http::Response& response, PayloadFormat format);

}  // namespace

std::string encodeResponse(const http::Response& response, PayloadFormat format, int* statusSent) {
  std::string payload = encodeWithin(response, format);
  if (statusSent) *statusSent = response.status;
  if (payload.size() <= kMaxResponsePayload) return payload;
  if (statusSent) *statusSent = 500;
  http::Response tooLarge = http::problem(
      500, "the answer (" + std::to_string(response.body.size()) +
               " bytes) does not fit Lambda's 6 MB response payload; ask for a smaller page (limit)");
  tooLarge.set("Cache-Control", "no-store");
  return encodeWithin(tooLarge, format);
}

namespace {

std::string encodeWithin(const http::Response& response, PayloadFormat format) {
  json::object out;
  out["statusCode"] = response.status;
  json::object headers;
  if (format == PayloadFormat::V2) {
    // Payload 2.0 has no multi-value headers: repeated headers are joined with commas (RFC 9110
    // 5.3), except Set-Cookie, which has its own array.
    json::array cookies;
    for (const auto& h : response.headers) {
      if (core::asciiEqualsIgnoreCase(h.name, "set-cookie")) {
        cookies.emplace_back(h.value);
        continue;
      }
      if (auto* existing = headers.if_contains(h.name)) {
        std::string joined(existing->get_string());
        joined += ", ";
        joined += h.value;
        *existing = joined;
      } else {
        headers[h.name] = h.value;
      }
    }
    out["headers"] = std::move(headers);
    if (!cookies.empty()) out["cookies"] = std::move(cookies);
  } else {
    json::object multi;
    for (const auto& h : response.headers) {
      auto& values = multi[h.name];
      if (!values.is_array()) values = json::array();
      values.get_array().emplace_back(h.value);
    }
    // Single-valued headers also go in `headers`, for consumers that only read that map; API
    // Gateway takes multiValueHeaders' values when a pair is in both.
    for (const auto& [name, values] : multi) {
      if (values.get_array().size() == 1) headers[name] = values.get_array()[0];
    }
    out["headers"] = std::move(headers);
    out["multiValueHeaders"] = std::move(multi);
  }
  const std::size_t base64Size = (response.body.size() + 2) / 3 * 4;
  if (core::isValidUtf8(response.body) && escapedSize(response.body) <= base64Size) {
    out["body"] = response.body;
    out["isBase64Encoded"] = false;
  } else {
    out["body"] = core::base64Encode(response.body);
    out["isBase64Encoded"] = true;
  }
  return json::serialize(out);
}

}  // namespace

}  // namespace hdoc::lambda
