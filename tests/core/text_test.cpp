#include "core/text.hpp"

#include <gtest/gtest.h>

namespace hdoc::core {
namespace {

TEST(AsciiFold, FoldsAsciiLettersOnly) {
  EXPECT_EQ(asciiFold("AWS"), "aws");
  EXPECT_EQ(asciiFold("FDurham0-_"), "fdurham0-_");
  // Non-ASCII letters are kept as they are (documented in the README).
  EXPECT_EQ(asciiFold("\xC3\x84WS"), "\xC3\x84ws");
}

TEST(AsciiEqualsIgnoreCase, IgnoresTheCaseOfAsciiLettersOnly) {
  EXPECT_TRUE(asciiEqualsIgnoreCase("Content-Type", "content-type"));
  EXPECT_TRUE(asciiEqualsIgnoreCase("SET-COOKIE", "set-cookie"));
  EXPECT_TRUE(asciiEqualsIgnoreCase("", ""));
  EXPECT_FALSE(asciiEqualsIgnoreCase("Origin", "Origins"));
  EXPECT_FALSE(asciiEqualsIgnoreCase("a-b", "a_b"));
  // '@' and '`' sit just outside 'A'..'Z' and 'a'..'z': no folding across them.
  EXPECT_FALSE(asciiEqualsIgnoreCase("@", "`"));
  EXPECT_FALSE(asciiEqualsIgnoreCase("[", "{"));
  // The same rule as asciiFold: other scripts must match exactly.
  EXPECT_FALSE(asciiEqualsIgnoreCase("\xC3\x84", "\xC3\xA4"));
  EXPECT_TRUE(asciiEqualsIgnoreCase("\xC3\x84WS", "\xC3\x84ws"));
}

TEST(IsValidUtf8, AcceptsWellFormedAndRejectsMalformed) {
  EXPECT_TRUE(isValidUtf8("plain"));
  EXPECT_TRUE(isValidUtf8("\xC3\xA4\xE2\x82\xAC\xF0\x9F\x98\x80"));
  EXPECT_FALSE(isValidUtf8("\xFF"));
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(isValidUtf8("\xE2\x82"));          // truncated
}

}  // namespace
}  // namespace hdoc::core
