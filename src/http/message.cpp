#include "http/message.hpp"

#include "core/text.hpp"

namespace hdoc::http {
// Field names are ASCII (RFC 9110 5.1): compared with ASCII case folding only, no locale lookups
// (boost::iequals cost more than the rest of a cached answer).
std::string_view findHeader(const std::vector<Header>& headers, std::string_view name) {
  for (const auto& h : headers) {
    if (core::asciiEqualsIgnoreCase(h.name, name)) return h.value;
  }
  return {};
}

void Response::set(std::string_view name, std::string value) {
  for (auto& h : headers) {
    if (core::asciiEqualsIgnoreCase(h.name, name)) {
      h.value = std::move(value);
      return;
    }
  }
  headers.push_back({std::string(name), std::move(value)});
}

}  // namespace hdoc::http
