#include "core/cursor.hpp"

#include <gtest/gtest.h>

#include "core/base64.hpp"

namespace hdoc::core {
namespace {

const Cursor kLeaderboard{ListKind::Leaderboard, "", 178, "fdurham0"};

TEST(Cursor, RoundTripsEveryField) {
  for (const Cursor& c : {kLeaderboard, Cursor{ListKind::Articles, "open system", 42, ""},
                          Cursor{ListKind::Users, "", -62'167'219'200'000, "Ä'o.k_-"},
                          Cursor{ListKind::Entries, "fdurham0", 100, "twitter"}}) {
    const std::string token = encodeCursor(c);
    EXPECT_EQ(decodeCursor(token), c) << token;
    // URL-safe as it is: it goes into query strings and Link headers without escaping.
    EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
  }
}

TEST(Cursor, EveryChangedOrMissingCharacterIsRefused) {
  const std::string token = encodeCursor(kLeaderboard);
  for (std::size_t i = 0; i < token.size(); ++i) {
    for (const char replacement : {'A', 'z', '0', '-', '_'}) {
      if (token[i] == replacement) continue;
      std::string tampered = token;
      tampered[i] = replacement;
      EXPECT_FALSE(decodeCursor(tampered)) << "position " << i << " as " << replacement;
    }
    EXPECT_FALSE(decodeCursor(token.substr(0, i))) << "truncated to " << i;
    EXPECT_FALSE(decodeCursor(token.substr(0, i) + token.substr(i + 1))) << "without position " << i;
  }
  EXPECT_FALSE(decodeCursor(token + "A"));
  EXPECT_FALSE(decodeCursor(""));
  EXPECT_FALSE(decodeCursor("not a cursor"));
  EXPECT_FALSE(decodeCursor(token + "="));  // padding is not base64url as hdoc writes it
}

TEST(Cursor, ARecomputedChecksumStillNeedsAKnownList) {
  // Forging is possible (the checksum is no secret), but only to well-formed positions.
  Cursor c = kLeaderboard;
  c.list = static_cast<ListKind>(9);
  EXPECT_FALSE(decodeCursor(encodeCursor(c)));
  c.list = static_cast<ListKind>(0);
  EXPECT_FALSE(decodeCursor(encodeCursor(c)));
}

TEST(Cursor, FieldsMustBeUtf8AndBounded) {
  Cursor c = kLeaderboard;
  c.text = "\xC3\x28";  // an invalid UTF-8 sequence
  EXPECT_FALSE(decodeCursor(encodeCursor(c)));
  c.text = std::string(kMaxCursorField, 'a');
  EXPECT_TRUE(decodeCursor(encodeCursor(c)));
  c.text = std::string(kMaxCursorField + 1, 'a');
  EXPECT_FALSE(decodeCursor(encodeCursor(c)));
}

TEST(CursorProblem, NamesCursorsOfAnotherListOrScope) {
  EXPECT_EQ(cursorProblem(kLeaderboard, ListKind::Leaderboard, ""), std::nullopt);
  EXPECT_TRUE(cursorProblem(kLeaderboard, ListKind::Users, ""));
  EXPECT_TRUE(cursorProblem(kLeaderboard, ListKind::RecentUsers, ""));
  const Cursor aws{ListKind::Articles, "aws", 7, ""};
  EXPECT_EQ(cursorProblem(aws, ListKind::Articles, "aws"), std::nullopt);
  EXPECT_TRUE(cursorProblem(aws, ListKind::Articles, "gcp"));
  EXPECT_TRUE(cursorProblem(aws, ListKind::Articles, ""));  // /articles is another list than /articles/aws
}

TEST(CursorProblem, RefusesPositionsNoStoredItemCanHave) {
  auto bad = [](ListKind list, std::int64_t number, std::string text) {
    return cursorProblem(Cursor{list, "", number, std::move(text)}, list, "").has_value();
  };
  EXPECT_FALSE(bad(ListKind::Leaderboard, 0, "a"));
  EXPECT_FALSE(bad(ListKind::Leaderboard, 2'000'000'000, "a"));
  EXPECT_TRUE(bad(ListKind::Leaderboard, -1, "a"));
  EXPECT_TRUE(bad(ListKind::Leaderboard, 2'000'000'001, "a"));
  EXPECT_TRUE(bad(ListKind::Leaderboard, 5, ""));
  EXPECT_TRUE(bad(ListKind::Users, INT64_MIN, "a"));  // would overflow once negated
  EXPECT_TRUE(bad(ListKind::RecentUsers, INT64_MAX, "a"));
  EXPECT_FALSE(bad(ListKind::Users, 1'596'920'483'000, "fdurham0"));
  EXPECT_TRUE(bad(ListKind::Articles, 0, ""));
  EXPECT_TRUE(bad(ListKind::Articles, 5, "x"));
  EXPECT_TRUE(bad(ListKind::Tags, 0, "AWS"));
  EXPECT_FALSE(bad(ListKind::Tags, 11, "AWS"));
  EXPECT_FALSE(bad(ListKind::Entries, 100, "github"));
  EXPECT_TRUE(bad(ListKind::Entries, 101, "github"));
  EXPECT_TRUE(bad(ListKind::Entries, 1, "GitHub"));
}

}  // namespace
}  // namespace hdoc::core
