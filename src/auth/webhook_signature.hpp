// GitHub's webhook signature (docs.github.com, "Validating webhook deliveries"): the X-Hub-Signature-256
// header is "sha256=" and the lower-case hex HMAC-SHA256 of the raw request body, keyed with the
// webhook's secret. Checked with OpenSSL, compared in constant time.
#pragma once

#include <string>
#include <string_view>

namespace hdoc::auth {

inline constexpr std::string_view kGithubSignatureHeader = "X-Hub-Signature-256";

enum class SignatureCheck {
  Valid,
  Missing,    // no header, or an empty one (e.g. only the SHA-1 X-Hub-Signature was sent)
  Malformed,  // not "sha256=" + 64 lower-case hex digits, the only form GitHub sends
  Mismatch,   // well-formed, but not the HMAC of this body with this secret
};

// "sha256=<64 lower-case hex digits>" for `body` signed with `secret`: what GitHub sends.
std::string githubSignature(std::string_view secret, std::string_view body);

// Checks the header value against the body. The comparison of the digests takes the same time
// wherever they differ (CRYPTO_memcmp), so the answer's timing tells nothing about the right signature.
SignatureCheck checkGithubSignature(std::string_view secret, std::string_view body, std::string_view header);

}  // namespace hdoc::auth
