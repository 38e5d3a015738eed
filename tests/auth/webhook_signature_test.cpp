#include "auth/webhook_signature.hpp"

#include <gtest/gtest.h>

namespace hdoc::auth {
namespace {

// The test vector of GitHub's "Validating webhook deliveries".
constexpr std::string_view kDocSecret = "It's a Secret to Everybody";
constexpr std::string_view kDocPayload = "Hello, World!";
constexpr std::string_view kDocSignature =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

TEST(WebhookSignature, MatchesGithubsDocumentedTestVector) {
  EXPECT_EQ(githubSignature(kDocSecret, kDocPayload), kDocSignature);
  EXPECT_EQ(checkGithubSignature(kDocSecret, kDocPayload, kDocSignature), SignatureCheck::Valid);
}

TEST(WebhookSignature, RefusesWhatGithubWouldNotHaveSent) {
  EXPECT_EQ(checkGithubSignature(kDocSecret, kDocPayload, ""), SignatureCheck::Missing);
  // Another secret, a changed body.
  EXPECT_EQ(checkGithubSignature("It's a Secret to Nobody", kDocPayload, kDocSignature),
            SignatureCheck::Mismatch);
  EXPECT_EQ(checkGithubSignature(kDocSecret, "Hello, World?", kDocSignature), SignatureCheck::Mismatch);
  EXPECT_EQ(checkGithubSignature(kDocSecret, "Hello, World! ", kDocSignature), SignatureCheck::Mismatch);
  // The SHA-1 header's form, truncated or over-long hex, upper-case hex, no prefix, another prefix.
  EXPECT_EQ(checkGithubSignature(kDocSecret, kDocPayload, "sha1=7d38cdd689735b008b3c702edd92eea23791c5f6"),
            SignatureCheck::Malformed);
  const std::string hex(kDocSignature.substr(7));
  EXPECT_EQ(checkGithubSignature(kDocSecret, kDocPayload, "sha256=" + hex.substr(0, 63)),
            SignatureCheck::Malformed);
  EXPECT_EQ(checkGithubSignature(kDocSecret, kDocPayload, "sha256=" + hex.substr(0, 32)),
            SignatureCheck::Malformed);
  EXPECT_EQ(checkGithubSignature(kDocSecret, kDocPayload, "sha256=" + hex + "0"), SignatureCheck::Malformed);
  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(checkGithubSignature(kDocSecret, kDocPayload, "sha256=" + upper), SignatureCheck::Malformed);
  EXPECT_EQ(checkGithubSignature(kDocSecret, kDocPayload, "SHA256=" + hex), SignatureCheck::Malformed);
  EXPECT_EQ(checkGithubSignature(kDocSecret, kDocPayload, hex), SignatureCheck::Malformed);
  EXPECT_EQ(checkGithubSignature(kDocSecret, kDocPayload, " " + std::string(kDocSignature)),
            SignatureCheck::Malformed);
  // One digit off anywhere is a mismatch.
  for (std::size_t i = 0; i < hex.size(); i += 9) {
    std::string off = hex;
    off[i] = off[i] == '0' ? '1' : '0';
    EXPECT_EQ(checkGithubSignature(kDocSecret, kDocPayload, "sha256=" + off), SignatureCheck::Mismatch) << i;
  }
}

TEST(WebhookSignature, SignsAnyBytes) {
  const std::string body("{\"a\":\"\xc3\xa4\"}\0tail", 15);
  const std::string signature = githubSignature("s", body);
  EXPECT_EQ(checkGithubSignature("s", body, signature), SignatureCheck::Valid);
  EXPECT_EQ(checkGithubSignature("s", body.substr(0, 10), signature), SignatureCheck::Mismatch);
  EXPECT_EQ(checkGithubSignature("", "", githubSignature("", "")), SignatureCheck::Valid);
}

}  // namespace
}  // namespace hdoc::auth
