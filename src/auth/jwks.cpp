#include "auth/jwks.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <boost/json.hpp>

#include "core/base64.hpp"

namespace hdoc::auth {
namespace {

namespace json = boost::json;

struct BnFree {
  void operator()(BIGNUM* p) const { BN_free(p); }
};
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};

std::unique_ptr<BIGNUM, BnFree> toBignum(std::string_view bytes) {
  return std::unique_ptr<BIGNUM, BnFree>(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                                                   static_cast<int>(bytes.size()), nullptr));
}

const json::string* stringMember(const json::object& obj, std::string_view key) {
  auto it = obj.find(key);
  return it != obj.end() && it->value().is_string() ? &it->value().get_string() : nullptr;
}

}  // namespace

PublicKey KeySet::find(std::string_view kid) const {
  auto it = byKid.find(kid);
  return it == byKid.end() ? nullptr : it->second;
}

std::variant<PublicKey, JwksError> rsaPublicKey(std::string_view modulus, std::string_view exponent) {
  auto n = toBignum(modulus);
  auto e = toBignum(exponent);
  if (!n || !e) return JwksError{"out of memory"};
  if (BN_num_bits(n.get()) < kMinRsaBits) {
    return JwksError{"modulus is shorter than " + std::to_string(kMinRsaBits) + " bits"};
  }
  if (BN_num_bits(e.get()) < 2 || BN_num_bits(e.get()) > 64 || !BN_is_odd(e.get())) {
    return JwksError{"exponent must be an odd number from 3 to 2^64-1"};
  }
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> builder(OSSL_PARAM_BLD_new());
  if (!builder || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
      !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get())) {
    return JwksError{"cannot build RSA parameters"};
  }
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(builder.get()));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0 || raw == nullptr) {
    ERR_clear_error();
    return JwksError{"OpenSSL rejected the RSA public key"};
  }
  return PublicKey(raw, EVP_PKEY_free);
}

std::variant<KeySet, JwksError> parseJwks(std::string_view text) {
  boost::system::error_code ec;
  const json::value doc = json::parse(text, ec);
  if (ec) return JwksError{"not valid JSON: " + ec.message()};
  if (!doc.is_object()) return JwksError{"a JWKS must be a JSON object"};
  auto keysIt = doc.get_object().find("keys");
  if (keysIt == doc.get_object().end() || !keysIt->value().is_array()) {
    return JwksError{"a JWKS needs a \"keys\" array"};
  }
  KeySet set;
  std::size_t index = 0;
  for (const json::value& item : keysIt->value().get_array()) {
    const std::string where = "keys[" + std::to_string(index++) + "]";
    if (!item.is_object()) return JwksError{where + " must be an object"};
    const json::object& key = item.get_object();
    const json::string* kty = stringMember(key, "kty");
    if (!kty) return JwksError{where + ": \"kty\" must be a string"};
    if (*kty != "RSA") continue;
    if (const json::string* use = stringMember(key, "use"); key.contains("use") && (!use || *use != "sig")) {
      continue;
    }
    if (const json::string* alg = stringMember(key, "alg");
        key.contains("alg") && (!alg || *alg != "RS256")) {
      continue;
    }
    const json::string* kid = stringMember(key, "kid");
    if (!kid || kid->empty()) return JwksError{where + ": \"kid\" must be a non-empty string"};
    const json::string* n = stringMember(key, "n");
    const json::string* e = stringMember(key, "e");
    if (!n || !e) return JwksError{where + ": \"n\" and \"e\" must be strings"};
    const auto modulus = core::base64urlDecode(*n);
    const auto exponent = core::base64urlDecode(*e);
    if (!modulus || !exponent) return JwksError{where + ": \"n\" and \"e\" must be base64url"};
    auto built = rsaPublicKey(*modulus, *exponent);
    if (auto* error = std::get_if<JwksError>(&built)) return JwksError{where + ": " + error->message};
    if (!set.byKid.emplace(std::string(*kid), std::get<PublicKey>(std::move(built))).second) {
      return JwksError{where + ": duplicate kid \"" + std::string(*kid) + "\""};
    }
  }
  if (set.byKid.empty()) return JwksError{"the JWKS holds no RSA signing key"};
  return set;
}

}  // namespace hdoc::auth
