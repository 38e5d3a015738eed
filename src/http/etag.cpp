#include "http/etag.hpp"

#include <cstdint>
#include <cstdio>

#include "core/hash.hpp"

namespace hdoc::http {

std::string strongEtag(std::string_view body) {
  const std::uint64_t h = core::fnv1a64(body);
  char buf[48];
  std::snprintf(buf, sizeof buf, "\"%zx-%016llx\"", body.size(), static_cast<unsigned long long>(h));
  return buf;
}

bool ifNoneMatchMatches(std::string_view value, std::string_view etag) {
  const std::string_view opaque = etag.starts_with("W/") ? etag.substr(2) : etag;
  std::size_t i = 0;
  while (i < value.size()) {
    const char c = value[i];
    if (c == ' ' || c == '\t' || c == ',') {
      ++i;
      continue;
    }
    if (c == '*') return true;
    if (value.compare(i, 2, "W/") == 0) i += 2;
    if (i >= value.size() || value[i] != '"') return false;  // malformed: treat as no match
    const std::size_t close = value.find('"', i + 1);
    if (close == std::string_view::npos) return false;
    if (value.substr(i, close - i + 1) == opaque) return true;
    i = close + 1;
  }
  return false;
}

}  // namespace hdoc::http
