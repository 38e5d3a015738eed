// Standard base64 (RFC 4648 section 4, with padding), for API Gateway's isBase64Encoded bodies.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hdoc::lambda {

std::string base64Encode(std::string_view bytes);
// nullopt when the text is not valid padded base64 (whitespace is not accepted either: API
// Gateway never sends any).
std::optional<std::string> base64Decode(std::string_view text);

}  // namespace hdoc::lambda
