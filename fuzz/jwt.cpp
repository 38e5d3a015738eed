// Fuzz target: everything auth parses from outside bytes. The first byte picks the parser, the rest
// is its input:
//   0  TokenVerifier::verify on an Authorization header value ("Bearer <jwt>": scheme, splitting,
//      strict base64url, header JSON, alg/kid/crit rules, signature check with the key by kid);
//   1  parseJwks on a JWKS document (RSA key import with EVP_PKEY_fromdata included);
//   2  the claims rules behind a valid signature: the input is "header JSON\npayload JSON", signed
//      here with the verifier's own key, then verified (iss, token_use, aud/client_id, exp/nbf/iat,
//      sub, username, cognito:groups);
//   3  principalFromAuthorizerClaims on the claims API Gateway's JWT authorizer hands the Lambda.
// Checked beyond "no crash": an accepted principal always has a non-empty sub and username.
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "auth/authorizer_claims.hpp"
#include "auth/jwks.hpp"
#include "auth/verifier.hpp"
#include "core/base64.hpp"

namespace {

using namespace hdoc;

constexpr const char* kIssuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Fuzz";
constexpr const char* kClientId = "fuzzclient";
constexpr std::int64_t kNow = 1777593600;

struct Keys {
  EVP_PKEY* key = nullptr;
  std::unique_ptr<auth::TokenVerifier> verifier;

  Keys() {
    key = EVP_RSA_gen(2048);
    if (!key) std::abort();
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    if (!EVP_PKEY_get_bn_param(key, "n", &n) || !EVP_PKEY_get_bn_param(key, "e", &e)) std::abort();
    auto bytes = [](const BIGNUM* bn) {
      std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
      BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
      return core::base64urlEncode(out);
    };
    const std::string jwks = R"({"keys":[{"kid":"k1","alg":"RS256","kty":"RSA","use":"sig","n":")" +
                             bytes(n) + R"(","e":")" + bytes(e) + R"("}]})";
    BN_free(n);
    BN_free(e);
    char path[] = "/tmp/hdoc-fuzz-jwks-XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0) std::abort();
    close(fd);
    std::ofstream(path) << jwks;
    auth::VerifierConfig config;
    config.issuer = kIssuer;
    config.clientId = kClientId;
    config.jwksFile = path;
    verifier = std::make_unique<auth::TokenVerifier>(config, [] { return kNow; });
    unlink(path);
  }

  std::string sign(std::string_view input) const {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t len = 0;
    std::string sig;
    if (EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
        EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                       input.size()) == 1) {
      sig.resize(len);
      if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                         reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
        std::abort();
      }
      sig.resize(len);
    }
    EVP_MD_CTX_free(ctx);
    return sig;
  }
};

const Keys& keys() {
  static const Keys* k = new Keys;  // lives as long as the process
  return *k;
}

void checkPrincipal(const core::Principal& p) {
  if (p.sub.empty()) std::abort();
}

void checkResult(const auth::VerifyResult& result) {
  if (const auto* p = std::get_if<core::Principal>(&result)) {
    checkPrincipal(*p);
    if (p->username.empty()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      checkResult(keys().verifier->verify(input));
      break;
    case 1: {
      auto parsed = auth::parseJwks(input);
      if (auto* set = std::get_if<auth::KeySet>(&parsed)) {
        if (set->byKid.empty()) std::abort();  // "a set with no usable key is an error"
      }
      break;
    }
    case 2: {
      const auto newline = input.find('\n');
      if (newline == std::string_view::npos) break;
      const std::string signingInput = core::base64urlEncode(input.substr(0, newline)) + "." +
                                       core::base64urlEncode(input.substr(newline + 1));
      const std::string token = signingInput + "." + core::base64urlEncode(keys().sign(signingInput));
      checkResult(keys().verifier->verifyToken(token));
      break;
    }
    case 3: {
      boost::json::error_code ec;
      const boost::json::value claims = boost::json::parse(input, ec);
      if (ec) break;
      if (auto p = auth::principalFromAuthorizerClaims(claims)) checkPrincipal(*p);
      break;
    }
  }
  return 0;
}
