#include "http/json_body.hpp"

#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>

#include "core/records.hpp"
#include "core/text.hpp"
#include "http/problem.hpp"

namespace hdoc::http {

namespace json = boost::json;

namespace {

// Boost.JSON keeps the last of duplicate keys silently; a strict API refuses them, since another
// parser in front of hdoc (a proxy, a WAF) may have read the first. This SAX pass only collects the
// keys that repeat within one object.
class DuplicateKeys {
 public:
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);

  std::vector<std::string> found;

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) { return objects_.emplace_back(), true; }
  bool on_object_end(std::size_t, json::error_code&) { return objects_.pop_back(), true; }
  bool on_array_begin(json::error_code&) { return true; }
  bool on_array_end(std::size_t, json::error_code&) { return true; }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) { return key_.append(s), true; }
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    key_.append(s);
    if (!objects_.back().insert(key_).second) found.push_back(key_);
    key_.clear();
    return true;
  }
  bool on_string_part(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_string(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t, json::string_view, json::error_code&) { return true; }
  bool on_uint64(std::uint64_t, json::string_view, json::error_code&) { return true; }
  bool on_double(double, json::string_view, json::error_code&) { return true; }
  bool on_bool(bool, json::error_code&) { return true; }
  bool on_null(json::error_code&) { return true; }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  std::vector<std::set<std::string, std::less<>>> objects_;
  std::string key_;
};

std::vector<std::string> duplicateKeys(std::string_view text, const json::parse_options& options) {
  json::basic_parser<DuplicateKeys> parser(options);
  json::error_code ec;
  parser.write_some(false, text.data(), text.size(), ec);
  return ec ? std::vector<std::string>{} : std::move(parser.handler().found);
}

}  // namespace

bool isJsonMediaType(std::string_view contentType) {
  const auto semicolon = contentType.find(';');
  std::string_view type = contentType.substr(0, semicolon);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  return core::asciiFold(type) == "application/json";
}

std::variant<json::object, Response> parseJsonObject(const Request& req, std::string_view instance,
                                                     std::size_t maxBytes) {
  if (req.body.size() > maxBytes) {
    return problem(413, "the request body is larger than " + std::to_string(maxBytes / 1024) + " KiB",
                   instance);
  }
  if (!isJsonMediaType(req.header("Content-Type"))) {
    return problem(415, "the request body must be sent as Content-Type: application/json", instance);
  }
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 8;  // every body is a flat object: deep nesting is only ever an attack
  json::value value = json::parse(req.body, ec, {}, options);
  if (ec) {
    return invalidBody(instance, {{"(body)", "is not valid JSON: " + ec.message()}});
  }
  if (!value.is_object()) return invalidBody(instance, {{"(body)", "must be a JSON object"}});
  if (auto repeated = duplicateKeys(req.body, options); !repeated.empty()) {
    std::vector<core::ParamError> errors;
    for (auto& key : repeated) errors.push_back({std::move(key), "appears more than once"});
    return invalidBody(instance, errors);
  }
  return std::move(value.get_object());
}

bool FieldReader::takeNull(std::string_view name) {
  auto it = body_.find(name);
  if (it == body_.end() || !it->value().is_null()) return false;
  seen_.emplace(name);
  return true;
}

const json::value* FieldReader::find(std::string_view name, bool required) {
  seen_.emplace(name);
  auto it = body_.find(name);
  if (it == body_.end()) {
    if (required) fail(name, "is required");
    return nullptr;
  }
  return &it->value();
}

std::optional<std::string> FieldReader::string(std::string_view name, const StringRules& rules) {
  const json::value* v = find(name, rules.required);
  if (!v) return std::nullopt;
  if (!v->is_string()) return fail(name, "must be a string"), std::nullopt;
  const json::string& s = v->get_string();
  if (rules.nonEmpty && s.empty()) return fail(name, "must not be empty"), std::nullopt;
  if (s.size() > rules.maxBytes) {
    return fail(name, "must be at most " + std::to_string(rules.maxBytes) + " bytes"), std::nullopt;
  }
  const auto kind = rules.prose ? core::TextKind::Prose : core::TextKind::SingleLine;
  if (!core::isAcceptableText(s, kind)) {
    return fail(name, std::string(core::controlCharacterProblem(kind))), std::nullopt;
  }
  return std::string(s.data(), s.size());
}

std::optional<std::string> FieldReader::url(std::string_view name, const UrlRules& rules) {
  auto s = string(name, {.maxBytes = core::kMaxUrlBytes, .required = rules.required});
  if (!s) return std::nullopt;
  if (s->empty() && rules.allowEmpty) return s;
  if (!core::isHttpUrl(*s) || (rules.httpsOnly && !s->starts_with("https://"))) {
    return fail(name, rules.httpsOnly ? "must be an https URL" : "must be an http(s) URL"), std::nullopt;
  }
  return s;
}

std::optional<std::int64_t> FieldReader::integer(std::string_view name, const IntegerRules& rules) {
  const auto [min, max, required] = rules;
  const json::value* v = find(name, required);
  if (!v) return std::nullopt;
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->get_int64();
  } else if (v->is_uint64()) {
    n = max;  // beyond int64: certainly out of range
    if (v->get_uint64() <= static_cast<std::uint64_t>(max))
      n = static_cast<std::int64_t>(v->get_uint64());
    else
      return fail(name, "must be from " + std::to_string(min) + " to " + std::to_string(max)), std::nullopt;
  } else {
    return fail(name, "must be an integer"), std::nullopt;
  }
  if (n < min || n > max) {
    return fail(name, "must be from " + std::to_string(min) + " to " + std::to_string(max)), std::nullopt;
  }
  return n;
}

std::optional<bool> FieldReader::boolean(std::string_view name, const BooleanRules& rules) {
  const json::value* v = find(name, rules.required);
  if (!v) return std::nullopt;
  if (!v->is_bool()) return fail(name, "must be true or false"), std::nullopt;
  return v->get_bool();
}

void FieldReader::forbid(std::string_view name, std::string_view reason) {
  if (find(name, false)) fail(name, std::string(reason));
}

void FieldReader::fail(std::string_view name, std::string reason) {
  errors_.push_back({std::string(name), std::move(reason)});
}

std::vector<core::ParamError> FieldReader::finish() {
  for (const auto& kv : body_) {
    if (!seen_.contains(std::string_view(kv.key()))) fail(kv.key(), "unknown field");
  }
  return std::move(errors_);
}

Response invalidBody(std::string_view instance, const std::vector<core::ParamError>& errors) {
  std::string detail = "the request body is invalid: ";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i) detail += "; ";
    detail += errors[i].name + " " + errors[i].reason;
  }
  return problem(400, detail, instance, errors);
}

}  // namespace hdoc::http
