#include "core/record_file.hpp"

#include <gtest/gtest.h>

namespace hdoc::core {
namespace {

const char* kArticle = R"({"id":%d,"title":"t","subtitle":"s","image":"","tags":"AWS","author":"a"})";

std::string article(int id) {
  char buf[256];
  std::snprintf(buf, sizeof buf, kArticle, id);
  return buf;
}

TEST(RecordFile, AcceptsWrappedArrayAndNdjson) {
  EXPECT_EQ(parseArticleFile("{\"articles\": [" + article(1) + "," + article(2) + "]}").records.size(), 2u);
  EXPECT_EQ(parseArticleFile("[" + article(1) + "]").records.size(), 1u);
  auto nd = parseArticleFile(article(1) + "\n\n" + article(2) + "\r\n" + article(3) + "\n");
  EXPECT_TRUE(nd.errors.empty());
  EXPECT_EQ(nd.records.size(), 3u);
  EXPECT_TRUE(parseArticleFile("{\"articles\": []}").errors.empty());
}

TEST(RecordFile, ReportsEveryBadRecordWithItsNumber) {
  auto r = parseArticleFile("[" + article(1) + ",{\"id\":-1}," + article(3) + ",7]");
  ASSERT_GE(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0], "record 2: id: must be from 1 to 9007199254740991");
  EXPECT_EQ(r.errors.back(), "record 4: (record): must be a JSON object");
}

TEST(RecordFile, NdjsonErrorsNameTheLine) {
  auto r = parseArticleFile(article(1) + "\n{broken\n" + article(3));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].substr(0, 22), "line 2: invalid JSON: ");
}

TEST(RecordFile, RefusesTheWrongWrapperAndEmptyFiles) {
  auto r = parseArticleFile("{\"users\": []}");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("expected {\"articles\""), std::string::npos);
  EXPECT_FALSE(parseArticleFile("  \n").errors.empty());
  EXPECT_FALSE(parseArticleFile("42").errors.empty());
}

}  // namespace
}  // namespace hdoc::core
