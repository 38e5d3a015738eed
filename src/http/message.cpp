#include "http/message.hpp"

namespace hdoc::http {
namespace {

// Field names are ASCII (RFC 9110 5.1): compared byte by byte with ASCII case folding. (Not
// boost::iequals: its locale lookups cost more than the rest of a cached answer.)
bool sameFieldName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = a[i], y = b[i];
    if (x != y && ((x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' || (x | 0x20) > 'z')) return false;
  }
  return true;
}

}  // namespace

std::string_view findHeader(const std::vector<Header>& headers, std::string_view name) {
  for (const auto& h : headers) {
    if (sameFieldName(h.name, name)) return h.value;
  }
  return {};
}

void Response::set(std::string_view name, std::string value) {
  for (auto& h : headers) {
    if (sameFieldName(h.name, name)) {
      h.value = std::move(value);
      return;
    }
  }
  headers.push_back({std::string(name), std::move(value)});
}

}  // namespace hdoc::http
