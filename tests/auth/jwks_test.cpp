// Base64url decoding and JWKS parsing: the strict edges, and the file source's start-up errors.
#include "auth/jwks.hpp"

#include <openssl/evp.h>

#include <boost/json.hpp>
#include <random>

#include "auth/key_source.hpp"
#include "auth_fixture.hpp"
#include "core/base64.hpp"

namespace hdoc::auth {
namespace {

using namespace testing;
namespace json = boost::json;

TEST(Base64urlTest, RoundTripsRandomBytes) {
  std::mt19937_64 rng(11);
  for (std::size_t len = 0; len < 200; ++len) {
    std::string bytes(len, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() & 0xFF);
    const std::string text = core::base64urlEncode(bytes);
    EXPECT_EQ(text.find_first_of("+/="), std::string::npos);
    EXPECT_EQ(core::base64urlDecode(text), bytes) << len;
  }
}

TEST(Base64urlTest, KnownVectors) {
  // RFC 4648 section 10, in the URL-safe alphabet and without padding.
  EXPECT_EQ(core::base64urlEncode(""), "");
  EXPECT_EQ(core::base64urlEncode("f"), "Zg");
  EXPECT_EQ(core::base64urlEncode("fo"), "Zm8");
  EXPECT_EQ(core::base64urlEncode("foo"), "Zm9v");
  EXPECT_EQ(core::base64urlEncode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(core::base64urlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(core::base64urlDecode("-_8"), std::string("\xfb\xff"));
}

TEST(Base64urlTest, RejectsAnythingNotStrict) {
  for (const char* bad :
       {"Zg==", "Zg=", "Zm9v=", "+/8", "Zm 9v", "Zm9v\n", "Zm9vY", "Z", "Zh", "Zm9", "Zm.9v", "\xc3\xa9"}) {
    EXPECT_FALSE(core::base64urlDecode(bad).has_value()) << bad;
  }
  // Embedded NUL.
  EXPECT_FALSE(core::base64urlDecode(std::string_view("Zm\0v", 4)).has_value());
}

std::string withKeys(const json::array& keys) {
  return json::serialize(json::object{{"keys", keys}});
}

TEST(JwksParseTest, ReadsEveryRsaSigningKeyByKid) {
  auto parsed = parseJwks(testing::jwksJson({&poolKey(), &rotatedPoolKey()}));
  ASSERT_TRUE(std::holds_alternative<KeySet>(parsed)) << std::get<JwksError>(parsed).message;
  const KeySet& set = std::get<KeySet>(parsed);
  EXPECT_EQ(set.byKid.size(), 2u);
  ASSERT_TRUE(set.find("pool-key-1"));
  EXPECT_TRUE(set.find("pool-key-2"));
  EXPECT_FALSE(set.find("pool-key-3"));
  // The parsed key is the generated public key.
  EXPECT_EQ(EVP_PKEY_eq(set.find("pool-key-1").get(), poolKey().pkey()), 1);
  EXPECT_NE(EVP_PKEY_eq(set.find("pool-key-2").get(), poolKey().pkey()), 1);
}

TEST(JwksParseTest, SkipsKeysThatAreNotRs256SigningKeys) {
  json::object enc = rotatedPoolKey().jwk();
  enc["use"] = "enc";
  json::object rs512 = otherPoolKey().jwk();
  rs512["alg"] = "RS512";
  rs512["kid"] = "rs512";
  const json::object ec{{"kty", "EC"}, {"kid", "ec-1"}, {"crv", "P-256"}, {"x", "AAAA"}, {"y", "AAAA"}};
  auto parsed = parseJwks(withKeys(json::array{ec, enc, rs512, poolKey().jwk()}));
  ASSERT_TRUE(std::holds_alternative<KeySet>(parsed)) << std::get<JwksError>(parsed).message;
  EXPECT_EQ(std::get<KeySet>(parsed).byKid.size(), 1u);
  EXPECT_TRUE(std::get<KeySet>(parsed).find("pool-key-1"));
}

TEST(JwksParseTest, KeyWithoutUseOrAlgIsAccepted) {
  json::object bare = poolKey().jwk();
  bare.erase("use");
  bare.erase("alg");
  EXPECT_TRUE(std::holds_alternative<KeySet>(parseJwks(withKeys(json::array{bare}))));
}

// Each malformed JWKS gives an error whose message contains `expected`.
void expectJwksError(const std::string& text, const std::string& expected) {
  auto parsed = parseJwks(text);
  ASSERT_TRUE(std::holds_alternative<JwksError>(parsed)) << text.substr(0, 80);
  EXPECT_NE(std::get<JwksError>(parsed).message.find(expected), std::string::npos)
      << std::get<JwksError>(parsed).message;
}

TEST(JwksParseTest, MalformedSetsAreErrors) {
  expectJwksError("", "not valid JSON");
  expectJwksError("{\"keys\": [", "not valid JSON");
  expectJwksError("[]", "JSON object");
  expectJwksError("{}", "\"keys\" array");
  expectJwksError(R"({"keys": {}})", "\"keys\" array");
  expectJwksError(R"({"keys": []})", "no RSA signing key");
  expectJwksError(R"({"keys": [42]})", "keys[0] must be an object");
  expectJwksError(R"({"keys": [{"kid": "a"}]})", "keys[0]: \"kty\"");

  auto variant = [](std::string_view field, json::value value) {
    json::object key = poolKey().jwk();
    if (value.is_null()) {
      key.erase(field);
    } else {
      key[field] = std::move(value);
    }
    return withKeys(json::array{rotatedPoolKey().jwk(), key});
  };
  expectJwksError(variant("kid", nullptr), "keys[1]: \"kid\"");
  expectJwksError(variant("kid", ""), "keys[1]: \"kid\"");
  expectJwksError(variant("kid", 3), "keys[1]: \"kid\"");
  expectJwksError(variant("n", nullptr), "\"n\" and \"e\" must be strings");
  expectJwksError(variant("e", 65537), "\"n\" and \"e\" must be strings");
  expectJwksError(variant("n", json::string(poolKey().modulusBase64url() + "==")), "base64url");
  expectJwksError(variant("n", "abc+def"), "base64url");
  expectJwksError(variant("e", "AQAB="), "base64url");
  expectJwksError(variant("kid", "pool-key-2"), "duplicate kid \"pool-key-2\"");
}

TEST(JwksParseTest, WeakKeysAreErrors) {
  const testing::RsaKeyPair weak("weak", 1024);
  expectJwksError(withKeys(json::array{weak.jwk()}), "shorter than 2048 bits");
  json::object evenExponent = poolKey().jwk();
  evenExponent["e"] = core::base64urlEncode(std::string("\x01\x00\x00", 3));
  expectJwksError(withKeys(json::array{evenExponent}), "exponent");
  json::object unitExponent = poolKey().jwk();
  unitExponent["e"] = "AQ";  // 1
  expectJwksError(withKeys(json::array{unitExponent}), "exponent");
}

TEST(JwksParseTest, AcceptsCognitoShapedDocumentWithExtraFields) {
  json::object key = poolKey().jwk();
  key["x5t"] = "ignored";
  const std::string text = json::serialize(json::object{{"keys", json::array{key}}, {"extra", true}});
  EXPECT_TRUE(std::holds_alternative<KeySet>(parseJwks(text)));
}

TEST(FileKeySourceTest, MissingOrBadFileFailsAtStartWithItsName) {
  TempDir dir;
  const std::string missing = dir.write("placeholder", "") + ".missing";
  try {
    FileKeySource source(missing);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }
  const std::string bad = dir.write("bad.json", "{\"keys\": 1}");
  try {
    TokenVerifier verifier(VerifierConfig{kIssuer, kClientId, bad, "", 60});
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.json"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("\"keys\" array"), std::string::npos) << e.what();
  }
}

TEST(FileKeySourceTest, FindsKeysByKid) {
  TempDir dir;
  FileKeySource source(dir.write("jwks.json", testing::jwksJson({&poolKey()})));
  EXPECT_TRUE(std::holds_alternative<PublicKey>(source.find("pool-key-1")));
  auto missing = source.find("pool-key-2");
  ASSERT_TRUE(std::holds_alternative<AuthError>(missing));
  EXPECT_EQ(std::get<AuthError>(missing).kind, AuthErrorKind::UnknownKey);
}

}  // namespace
}  // namespace hdoc::auth
