// Base64 in the two RFC 4648 forms hdoc meets: standard padded (section 4) in API Gateway's
// isBase64Encoded bodies, and URL-safe unpadded (section 5) in JSON Web Tokens (RFC 7515 section 2).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hdoc::core {

std::string base64Encode(std::string_view bytes);
// nullopt unless the text is padded standard base64 (no whitespace: API Gateway sends none).
std::optional<std::string> base64Decode(std::string_view text);

std::string base64urlEncode(std::string_view bytes);
// nullopt unless the text is unpadded base64url with zero unused trailing bits, so that every byte
// string has exactly one accepted encoding (a token cannot be altered without changing its text).
std::optional<std::string> base64urlDecode(std::string_view text);

}  // namespace hdoc::core
