#include "core/date.hpp"

#include <gtest/gtest.h>

namespace hdoc::core {
namespace {

TEST(ParseUtcTimestamp, ReadsTheFixtureFormatAndFractions) {
  EXPECT_EQ(parseUtcTimestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parseUtcTimestamp("2020-08-08T21:01:23Z"), 1596920483000);
  EXPECT_EQ(parseUtcTimestamp("2020-07-30T05:09:27.002Z"), 1596085767002);
  EXPECT_EQ(parseUtcTimestamp("2020-07-30T05:09:27.5+00:00"), 1596085767500);
}

TEST(ParseUtcTimestamp, RejectsNonUtcAndImpossibleDates) {
  for (const char* bad :
       {"", "2020-08-08", "2020-08-08T21:01:23", "2020-08-08T21:01:23+02:00", "2020-02-30T00:00:00Z",
        "2021-02-29T00:00:00Z", "2020-13-01T00:00:00Z", "2020-01-01T24:00:00Z", "2020-01-01T00:60:00Z",
        "2020-01-01T00:00:00.Z", "2020-01-01 00:00:00Z", "2020-01-01T00:00:00Zjunk"}) {
    EXPECT_FALSE(parseUtcTimestamp(bad)) << bad;
  }
  EXPECT_TRUE(parseUtcTimestamp("2020-02-29T00:00:00Z"));
}

TEST(Dates, FormatInvertsParse) {
  EXPECT_EQ(parseDate("2026-11-27"), daysFromCivil(2026, 11, 27));
  EXPECT_EQ(formatDate(*parseDate("2000-02-29")), "2000-02-29");
  EXPECT_EQ(formatUtcTimestamp(1596920483), "2020-08-08T21:01:23Z");
  EXPECT_FALSE(parseDate("2026-11-31"));
  EXPECT_FALSE(parseDate("2026-1-01"));
}

}  // namespace
}  // namespace hdoc::core
