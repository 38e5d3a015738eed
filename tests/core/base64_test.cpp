#include "core/base64.hpp"

#include <gtest/gtest.h>

namespace hdoc::core {
namespace {

TEST(Base64, StandardRoundTripsWithPadding) {
  EXPECT_EQ(base64Encode(""), "");
  EXPECT_EQ(base64Encode("f"), "Zg==");
  EXPECT_EQ(base64Encode("fo"), "Zm8=");
  EXPECT_EQ(base64Encode("foo"), "Zm9v");
  EXPECT_EQ(base64Encode("\xfb\xff"), "+/8=");
  for (std::string s : {"", "a", "ab", "abc", "abcd", "\x00\xff\x10 binary"})
    EXPECT_EQ(base64Decode(base64Encode(s)), s);
}

TEST(Base64, StandardRejectsWhatApiGatewayNeverSends) {
  for (const char* bad : {"Zg", "Zg=", "Z===", "Zm9v\n", "Zm 9v", "Zm9v=", "Zh==", "-_8=", "Zg==Zg=="}) {
    EXPECT_FALSE(base64Decode(bad)) << bad;
  }
}

TEST(Base64Url, UnpaddedCanonicalOnly) {
  EXPECT_EQ(base64urlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(base64urlDecode("-_8"), "\xfb\xff");
  EXPECT_EQ(base64urlDecode("eyJhbGciOiJSUzI1NiJ9"), R"({"alg":"RS256"})");
  for (const char* bad : {"Zg==", "+/8", "Z", "Zh", "a b"}) EXPECT_FALSE(base64urlDecode(bad)) << bad;
}

}  // namespace
}  // namespace hdoc::core
