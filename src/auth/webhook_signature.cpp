#include "auth/webhook_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <optional>
#include <stdexcept>

namespace hdoc::auth {
namespace {

constexpr std::string_view kPrefix = "sha256=";
constexpr std::size_t kDigestBytes = 32;
using Digest = std::array<unsigned char, kDigestBytes>;

Digest hmacSha256(std::string_view secret, std::string_view body) {
  Digest out{};
  std::size_t len = 0;
  // An empty key is a valid HMAC key; OpenSSL wants a non-null pointer for it.
  static const char kEmpty = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.empty() ? &kEmpty : secret.data(),
                 secret.size(), reinterpret_cast<const unsigned char*>(body.data()), body.size(), out.data(),
                 out.size(), &len) ||
      len != kDigestBytes) {
    throw std::runtime_error("HMAC-SHA256 failed in OpenSSL");
  }
  return out;
}

int lowerHexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::optional<Digest> parseHeader(std::string_view header) {
  if (!header.starts_with(kPrefix) || header.size() != kPrefix.size() + 2 * kDigestBytes) return std::nullopt;
  Digest out{};
  const std::string_view hex = header.substr(kPrefix.size());
  for (std::size_t i = 0; i < kDigestBytes; ++i) {
    const int hi = lowerHexValue(hex[2 * i]);
    const int lo = lowerHexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return out;
}

}  // namespace

std::string githubSignature(std::string_view secret, std::string_view body) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(kPrefix);
  for (unsigned char b : hmacSha256(secret, body)) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

SignatureCheck checkGithubSignature(std::string_view secret, std::string_view body, std::string_view header) {
  if (header.empty()) return SignatureCheck::Missing;
  const auto given = parseHeader(header);
  if (!given) return SignatureCheck::Malformed;
  const Digest expected = hmacSha256(secret, body);
  return CRYPTO_memcmp(given->data(), expected.data(), kDigestBytes) == 0 ? SignatureCheck::Valid
                                                                          : SignatureCheck::Mismatch;
}

}  // namespace hdoc::auth
