#include "support/jwt_forge.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <boost/json.hpp>
#include <stdexcept>

#include "core/base64.hpp"

namespace hdoc::testing {
namespace {

namespace json = boost::json;

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("jwt_forge: " + what);
}

std::string bignumParam(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) fail(std::string("cannot read ") + name);
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(bn);
  return core::base64urlEncode(bytes);
}

std::string join(std::string_view headerJson, std::string_view payloadJson) {
  return encodePart(headerJson) + "." + encodePart(payloadJson);
}

json::object commonClaims(std::string_view issuer, const Identity& who, std::int64_t iat,
                          std::int64_t lifetime) {
  json::object claims;
  claims["sub"] = who.sub;
  if (!who.groups.empty()) {
    json::array groups;
    for (const auto& g : who.groups) groups.emplace_back(g);
    claims["cognito:groups"] = std::move(groups);
  }
  claims["iss"] = issuer;
  claims["origin_jti"] = "4a7fb8c2-3c44-4f57-9d42-0f0e2f0b1c11";
  claims["event_id"] = "0c4ab9c8-7f44-4f5b-8c87-3d7ad9a6b001";
  claims["auth_time"] = iat;
  claims["exp"] = iat + lifetime;
  claims["iat"] = iat;
  claims["jti"] = "9b1e2a5c-2f3d-4e6a-8b7c-1d2e3f4a5b6c";
  return claims;
}

}  // namespace

RsaKeyPair::RsaKeyPair(std::string kid, int bits) : kid_(std::move(kid)) {
  EVP_PKEY* raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits));
  if (!raw) fail("RSA key generation failed");
  key_.reset(raw, EVP_PKEY_free);
}

std::string RsaKeyPair::modulusBase64url() const {
  return bignumParam(key_.get(), OSSL_PKEY_PARAM_RSA_N);
}

std::string RsaKeyPair::exponentBase64url() const {
  return bignumParam(key_.get(), OSSL_PKEY_PARAM_RSA_E);
}

json::object RsaKeyPair::jwk() const {
  return json::object{{"alg", "RS256"}, {"e", exponentBase64url()}, {"kid", kid_},
                      {"kty", "RSA"},   {"n", modulusBase64url()},  {"use", "sig"}};
}

std::string RsaKeyPair::publicKeyPem() const {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1) fail("cannot write the public key PEM");
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

std::string RsaKeyPair::signRs256(std::string_view data) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size()) != 1) {
    fail("cannot start RS256 signing");
  }
  std::string signature(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &len,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    fail("RS256 signing failed");
  }
  signature.resize(len);
  return signature;
}

std::string jwksJson(const std::vector<const RsaKeyPair*>& keys) {
  json::array list;
  for (const RsaKeyPair* key : keys) list.emplace_back(key->jwk());
  return json::serialize(json::object{{"keys", std::move(list)}});
}

std::string hmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t len = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                 reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, sizeof out, &len)) {
    fail("HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string encodePart(std::string_view jsonText) {
  return core::base64urlEncode(jsonText);
}

std::string forgeRs256(const RsaKeyPair& key, std::string_view headerJson, std::string_view payloadJson) {
  const std::string input = join(headerJson, payloadJson);
  return input + "." + core::base64urlEncode(key.signRs256(input));
}

std::string forgeHs256(std::string_view secret, std::string_view headerJson, std::string_view payloadJson) {
  const std::string input = join(headerJson, payloadJson);
  return input + "." + core::base64urlEncode(hmacSha256(secret, input));
}

std::string forgeUnsigned(std::string_view headerJson, std::string_view payloadJson) {
  return join(headerJson, payloadJson) + ".";
}

std::string rs256Header(const RsaKeyPair& key) {
  return json::serialize(json::object{{"kid", key.kid()}, {"alg", "RS256"}});
}

json::object idTokenClaims(std::string_view issuer, std::string_view clientId, const Identity& who,
                           std::int64_t iat, std::int64_t lifetime) {
  json::object claims = commonClaims(issuer, who, iat, lifetime);
  claims["email_verified"] = true;
  claims["cognito:username"] = who.username;
  claims["aud"] = clientId;
  claims["token_use"] = "id";
  claims["email"] = who.email;
  return claims;
}

json::object accessTokenClaims(std::string_view issuer, std::string_view clientId, const Identity& who,
                               std::int64_t iat, std::int64_t lifetime) {
  json::object claims = commonClaims(issuer, who, iat, lifetime);
  claims["version"] = 2;
  claims["client_id"] = clientId;
  claims["token_use"] = "access";
  claims["scope"] = "aws.cognito.signin.user.admin";
  claims["username"] = who.username;
  return claims;
}

std::string signToken(const RsaKeyPair& key, const json::object& claims) {
  return forgeRs256(key, rs256Header(key), json::serialize(claims));
}

}  // namespace hdoc::testing
