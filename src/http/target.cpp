#include "http/target.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "core/text.hpp"

namespace hdoc::http {

std::size_t Target::count(std::string_view name) const {
  std::size_t n = 0;
  for (const auto& [k, v] : query) n += k == name;
  return n;
}

std::optional<std::string_view> Target::first(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<Target> parseTarget(std::string_view raw, std::string& why) {
  auto parsed = boost::urls::parse_origin_form(raw);
  if (!parsed) {
    why = "the request target is not a valid origin-form path";
    return std::nullopt;
  }
  const boost::urls::url_view url = *parsed;
  Target t;
  t.path = std::string(url.encoded_path());
  for (auto segment : url.segments()) {
    t.segments.emplace_back(segment);
    if (!core::isValidUtf8(t.segments.back())) {
      why = "the path is not valid UTF-8 once percent-decoded";
      return std::nullopt;
    }
  }
  // "/x/" decodes to {"x", ""}: the trailing slash the frontend uses is accepted once.
  if (!t.segments.empty() && t.segments.back().empty()) t.segments.pop_back();
  if (!t.segments.empty() && t.segments.front() == "api") t.segments.erase(t.segments.begin());
  for (auto param : url.params()) {
    std::string key(param.key);
    std::string value = param.has_value ? std::string(param.value) : std::string();
    if (!core::isValidUtf8(key) || !core::isValidUtf8(value)) {
      why = "the query is not valid UTF-8 once percent-decoded";
      return std::nullopt;
    }
    t.query.emplace_back(std::move(key), std::move(value));
  }
  return t;
}

std::string_view apiPrefix(const Target& t) {
  return t.path.starts_with("/api/") || t.path == "/api" ? "/api" : "";
}

std::string percentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace hdoc::http
