#include "core/page.hpp"

#include <gtest/gtest.h>

namespace hdoc::core {
namespace {

TagCount tag(int i) {
  return {"tag" + std::to_string(i), i};
}

std::string json(const TagCount& t) {
  return toJson(t);
}

TEST(JsonPage, HoldsAtMostTheLimitAndKnowsWhetherMoreFollow) {
  JsonPage page(2, kPageBytes);
  EXPECT_EQ(page.readLimit(), 3u);  // one more than the limit: the look-ahead
  EXPECT_TRUE(page.offer(tag(1)));
  EXPECT_TRUE(page.offer(tag(2)));
  EXPECT_FALSE(page.hasMore());
  EXPECT_FALSE(page.offer(tag(3)));
  EXPECT_TRUE(page.hasMore());
  EXPECT_FALSE(page.offer(tag(4)));  // full stays full
  EXPECT_EQ(std::move(page).finish(), "[" + json(tag(1)) + "," + json(tag(2)) + "]");
}

TEST(JsonPage, ALimitThatIsNotReachedMeansTheListEnded) {
  JsonPage page(5, kPageBytes);
  EXPECT_TRUE(page.offer(tag(1)));
  EXPECT_FALSE(page.hasMore());
  EXPECT_EQ(page.size(), 1u);
  EXPECT_EQ(std::move(page).finish(), "[" + json(tag(1)) + "]");
}

TEST(JsonPage, LimitZeroIsAnEmptyPageWithoutMore) {
  JsonPage page(0, kPageBytes);
  EXPECT_EQ(page.readLimit(), 1u);
  EXPECT_FALSE(page.offer(tag(1)));
  EXPECT_EQ(std::move(page).finish(), "[]");
}

TEST(JsonPage, TheByteBudgetCutsBetweenItemsAndCountsTheWholeBody) {
  const std::size_t one = json(tag(1)).size();
  // Exactly two items fit: "[" + a + "," + b + "]".
  const std::size_t budget = 1 + one + 1 + one + 1;
  JsonPage page(std::nullopt, budget);
  EXPECT_EQ(page.readLimit(), std::nullopt);
  EXPECT_TRUE(page.offer(tag(1)));
  EXPECT_TRUE(page.offer(tag(2)));
  EXPECT_FALSE(page.offer(tag(3)));
  EXPECT_TRUE(page.hasMore());
  const std::string body = std::move(page).finish();
  EXPECT_EQ(body.size(), budget);

  JsonPage tight(std::nullopt, budget - 1);
  EXPECT_TRUE(tight.offer(tag(1)));
  EXPECT_FALSE(tight.offer(tag(2)));
  EXPECT_LE(std::move(tight).finish().size(), budget - 1);
}

TEST(JsonPage, AnItemLargerThanTheBudgetStillMakesProgress) {
  JsonPage page(std::nullopt, 4);
  EXPECT_TRUE(page.offer(tag(1)));   // alone on its page, or a walk could never pass it
  EXPECT_FALSE(page.offer(tag(2)));  // and the next one goes to the next page
  EXPECT_EQ(std::move(page).finish(), "[" + json(tag(1)) + "]");
}

TEST(JsonPage, TheDefaultBudgetFitsLambdasPayloadEvenBase64Encoded) {
  EXPECT_LE((kPageBytes + 2) / 3 * 4 + 64 * 1024, 6'291'556u);
}

}  // namespace
}  // namespace hdoc::core
