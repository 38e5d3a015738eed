// Base64url (RFC 4648 section 5) as JWS uses it (RFC 7515 section 2): no padding, no whitespace.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hdoc::auth {

// Strict decoding: only the 64 URL-safe characters, no '=' padding, no length that leaves a lone
// character, and the unused low bits of the last character must be zero (so every byte string has
// exactly one accepted encoding). Returns nullopt for anything else.
std::optional<std::string> base64urlDecode(std::string_view text);

std::string base64urlEncode(std::string_view bytes);

}  // namespace hdoc::auth
