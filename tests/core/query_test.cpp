#include "core/query.hpp"

#include <gtest/gtest.h>

namespace hdoc::core {
namespace {

TEST(ParseLimit, AcceptsDecimalIntegersInRange) {
  std::string why;
  EXPECT_EQ(parseLimit("0", why), 0u);
  EXPECT_EQ(parseLimit("5", why), 5u);
  EXPECT_EQ(parseLimit("007", why), 7u);
  EXPECT_EQ(parseLimit("10000", why), 10000u);
}

TEST(ParseLimit, RejectsEverythingElseWithAReason) {
  for (const char* bad : {"", "-1", "+1", "abc", "1e3", "5.5", " 5", "5 ", "0x10", "10001",
                          "99999999999999999999999999", "1,2"}) {
    std::string why;
    EXPECT_FALSE(parseLimit(bad, why)) << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
}

}  // namespace
}  // namespace hdoc::core
