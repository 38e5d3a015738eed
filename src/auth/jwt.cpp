#include "auth/jwt.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <boost/json.hpp>
#include <memory>

#include "core/base64.hpp"

namespace hdoc::auth {
namespace {

namespace json = boost::json;

AuthError malformed(std::string detail) {
  return AuthError{AuthErrorKind::Malformed, std::move(detail)};
}

struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};

}  // namespace

std::variant<json::object, AuthError> decodeJsonPart(std::string_view part, std::string_view what) {
  const auto bytes = core::base64urlDecode(part);
  if (!bytes) return malformed("the " + std::string(what) + " is not valid base64url");
  return parseJsonObject(*bytes, what);
}

std::variant<json::object, AuthError> parseJsonObject(std::string_view bytes, std::string_view what) {
  boost::system::error_code ec;
  json::value value = json::parse(bytes, ec);
  if (ec || !value.is_object()) return malformed("the " + std::string(what) + " is not a JSON object");
  return std::move(value.get_object());
}

std::variant<SignedJwt, AuthError> splitRs256Jwt(std::string_view token) {
  if (token.size() > kMaxTokenLength) return malformed("the token is too long");
  const auto firstDot = token.find('.');
  const auto secondDot = firstDot == std::string_view::npos ? firstDot : token.find('.', firstDot + 1);
  if (secondDot == std::string_view::npos || token.find('.', secondDot + 1) != std::string_view::npos) {
    return malformed("a JWT has exactly three dot-separated parts");
  }
  const std::string_view headerPart = token.substr(0, firstDot);
  const std::string_view payloadPart = token.substr(firstDot + 1, secondDot - firstDot - 1);
  const std::string_view signaturePart = token.substr(secondDot + 1);
  if (headerPart.empty() || payloadPart.empty()) return malformed("a JWT part is empty");

  auto header = decodeJsonPart(headerPart, "header");
  if (auto* error = std::get_if<AuthError>(&header)) return std::move(*error);
  const json::object& h = std::get<json::object>(header);

  auto alg = h.find("alg");
  if (alg == h.end() || !alg->value().is_string()) return malformed("the header has no \"alg\" string");
  if (alg->value().get_string() != "RS256") {
    return AuthError{AuthErrorKind::UnsupportedAlgorithm, "only RS256 tokens are accepted"};
  }
  // A critical extension we do not implement must make the token invalid (RFC 7515 section 4.1.11).
  if (h.contains("crit")) return AuthError{AuthErrorKind::UnsupportedAlgorithm, "\"crit\" is not supported"};
  auto kid = h.find("kid");
  if (kid == h.end() || !kid->value().is_string() || kid->value().get_string().empty()) {
    return malformed("the header has no \"kid\" string");
  }
  auto payload = core::base64urlDecode(payloadPart);
  if (!payload) return malformed("the payload is not valid base64url");
  if (signaturePart.empty()) return malformed("the signature is empty");
  auto signature = core::base64urlDecode(signaturePart);
  if (!signature) return malformed("the signature is not valid base64url");
  return SignedJwt{std::string(kid->value().get_string()), token.substr(0, secondDot), std::move(*payload),
                   std::move(*signature)};
}

bool verifyRs256(EVP_PKEY* key, std::string_view signingInput, std::string_view signature) {
  if (key == nullptr || !EVP_PKEY_is_a(key, "RSA")) return false;
  // PKCS#1 v1.5 signatures are exactly as long as the modulus.
  if (signature.size() != static_cast<std::size_t>(EVP_PKEY_get_size(key))) return false;
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1) {
    ERR_clear_error();
    return false;
  }
  const bool ok =
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                       reinterpret_cast<const unsigned char*>(signingInput.data()), signingInput.size()) == 1;
  // A failed verification queues OpenSSL errors on this thread; drop them so they are not blamed on
  // the next, unrelated OpenSSL call (libcurl's TLS, for one).
  if (!ok) ERR_clear_error();
  return ok;
}

}  // namespace hdoc::auth
