// Strong entity tags for read responses and If-None-Match evaluation (RFC 9110 13.1.2).
#pragma once

#include <string>
#include <string_view>

namespace hdoc::http {

// A strong ETag derived from the body bytes only, so every host and store gives the same tag for
// the same representation: "\"<length hex>-<FNV-1a 64 hex>\"".
std::string strongEtag(std::string_view body);

// True when an If-None-Match field value matches `etag` (weak comparison, as the RFC requires
// for If-None-Match; "*" matches any current representation).
bool ifNoneMatchMatches(std::string_view fieldValue, std::string_view etag);

}  // namespace hdoc::http
