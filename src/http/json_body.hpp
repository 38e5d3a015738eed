// Strict JSON request bodies for the write routes: the media type, the size, one JSON object, and
// typed fields read one by one so that every unknown field, wrong type, bad URL or over-long string is
// reported by name (problem+json "invalid-params") before anything is written.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/query.hpp"
#include "http/message.hpp"

namespace hdoc::http {

inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;

// True for "application/json" with any parameters (charset=utf-8), case-insensitively.
bool isJsonMediaType(std::string_view contentType);

// The body as a JSON object, or the refusal: 413 when over maxBytes, 415 when not application/json,
// 400 when not a JSON object (invalid-params names "(body)").
std::variant<boost::json::object, Response> parseJsonObject(const Request& req, std::string_view instance,
                                                            std::size_t maxBytes = kMaxBodyBytes);

// How a string field is read. Named at each call (`{.maxBytes = core::kMaxBioBytes, .prose = true}`),
// so that no call site is a row of unexplained booleans.
struct StringRules {
  std::size_t maxBytes = 0;  // every field names its bound (0 admits only "")
  bool required = false;
  bool nonEmpty = false;  // refuses ""
  // Prose (bio, title, subtitle) may hold TAB, LF and CR; every other field is one line. No field
  // may hold the other control characters (core::isAcceptableText).
  bool prose = false;
};

struct UrlRules {
  bool required = false;
  bool httpsOnly = false;
  bool allowEmpty = false;  // "" is accepted (and means "no URL")
};

struct IntegerRules {
  std::int64_t min = 0;
  std::int64_t max = 0;
  bool required = false;
};

struct BooleanRules {
  bool required = false;
};

// Reads the fields of one body object. Each accessor returns nullopt when the field is absent or
// wrong (recording why); finish() adds "unknown field" for every field no accessor asked for.
class FieldReader {
 public:
  explicit FieldReader(const boost::json::object& body) : body_(body) {}
  // It keeps a reference: the body must outlive the reader.
  explicit FieldReader(boost::json::object&&) = delete;

  bool has(std::string_view name) const { return body_.contains(name); }
  // True (and the field counts as read) when it is present and null.
  bool takeNull(std::string_view name);

  std::optional<std::string> string(std::string_view name, const StringRules& rules);
  // An http(s) URL of at most core::kMaxUrlBytes, one line.
  std::optional<std::string> url(std::string_view name, const UrlRules& rules);
  std::optional<std::int64_t> integer(std::string_view name, const IntegerRules& rules);
  std::optional<bool> boolean(std::string_view name, const BooleanRules& rules);
  // Marks a field as read-only: present is an error.
  void forbid(std::string_view name, std::string_view reason);
  void fail(std::string_view name, std::string reason);

  // Every error so far plus the unknown fields; empty when the body is acceptable.
  std::vector<core::ParamError> finish();

 private:
  const boost::json::value* find(std::string_view name, bool required);

  const boost::json::object& body_;
  std::set<std::string, std::less<>> seen_;
  std::vector<core::ParamError> errors_;
};

// 400 problem+json naming every rejected field.
Response invalidBody(std::string_view instance, const std::vector<core::ParamError>& errors);

}  // namespace hdoc::http
