// Content codings: Accept-Encoding negotiation, and compressed representations through Api::respond
// (their fields, ETags, 304s, and that a hit costs no compression).
#include "http/compression.hpp"

#include <gtest/gtest.h>

#include "http/api.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/content_coding.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::http {
namespace {

using testing::gunzip;
using testing::unbrotli;

TEST(NegotiateCoding, FollowsQValuesAndPrefersBrotliAtEqualWeight) {
  EXPECT_EQ(negotiateCoding(""), Coding::identity);
  EXPECT_EQ(negotiateCoding("gzip"), Coding::gzip);
  EXPECT_EQ(negotiateCoding("gzip, deflate, br"), Coding::br);
  EXPECT_EQ(negotiateCoding("gzip, deflate, br, zstd"), Coding::br);
  EXPECT_EQ(negotiateCoding("br;q=0.5, gzip;q=0.8"), Coding::gzip);
  EXPECT_EQ(negotiateCoding("br;q=0, gzip"), Coding::gzip);
  EXPECT_EQ(negotiateCoding("GZIP"), Coding::gzip);
  EXPECT_EQ(negotiateCoding("x-gzip"), Coding::gzip);
  EXPECT_EQ(negotiateCoding("*"), Coding::br);
  EXPECT_EQ(negotiateCoding("*;q=0.1, br;q=0"), Coding::gzip);
  EXPECT_EQ(negotiateCoding("identity"), Coding::identity);
  EXPECT_EQ(negotiateCoding("deflate"), Coding::identity);
  EXPECT_EQ(negotiateCoding("gzip;q=0"), Coding::identity);
  EXPECT_EQ(negotiateCoding("gzip ; q=1.0"), Coding::gzip);
  // Malformed weights: identity, which every client takes.
  EXPECT_EQ(negotiateCoding("gzip;q=2"), Coding::identity);
  EXPECT_EQ(negotiateCoding("gzip;q=0.5555"), Coding::identity);
  EXPECT_EQ(negotiateCoding("br;level=3"), Coding::identity);
}

TEST(Compress, RoundTripsBothCodings) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "{\"githubProfile\":\"user" + std::to_string(i) + "\"},";
  EXPECT_EQ(gunzip(compress(text, Coding::gzip)), text);
  EXPECT_EQ(unbrotli(compress(text, Coding::br)), text);
  EXPECT_LT(compress(text, Coding::gzip).size(), text.size() / 4);
  EXPECT_EQ(compress(text, Coding::identity), text);
}

class CompressedReadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HDOC_REQUIRE_FIXTURES();
    store_ = std::make_unique<store::SqliteStore>(dir_.file("coded.db"));
    testing::importFixtures(*store_);
    api_ = std::make_unique<Api>(*store_, ApiConfig{});
  }
  std::shared_ptr<const Response> get(const std::string& target, std::vector<Header> headers = {}) {
    return api_->respond(Request{"GET", target, std::move(headers), "", std::nullopt});
  }

  testing::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<Api> api_;
};

TEST_F(CompressedReadsTest, LargeReadsAreCompressedAsAskedAndCachedPerCoding) {
  const auto identity = get("/api/users");
  EXPECT_EQ(identity->header("Content-Encoding"), "");
  EXPECT_EQ(identity->header("Vary"), "Accept-Encoding");
  for (const auto& [field, coding] :
       {std::pair{"gzip, deflate", "gzip"}, std::pair{"gzip, deflate, br", "br"}}) {
    SCOPED_TRACE(coding);
    const auto coded = get("/api/users", {{"Accept-Encoding", field}});
    EXPECT_EQ(coded->status, 200);
    EXPECT_EQ(coded->header("Content-Encoding"), coding);
    EXPECT_EQ(coded->header("Vary"), "Accept-Encoding");
    EXPECT_EQ(coded->header("Content-Type"), identity->header("Content-Type"));
    EXPECT_EQ(coded->header("Cache-Control"), identity->header("Cache-Control"));
    const std::string body = std::string(coding) == "gzip" ? gunzip(coded->body) : unbrotli(coded->body);
    EXPECT_EQ(body, identity->body);
    EXPECT_LT(coded->body.size(), identity->body.size() / 4);
    // Its own strong ETag, and a 304 for it.
    const std::string etag(coded->header("ETag"));
    EXPECT_NE(etag, identity->header("ETag"));
    EXPECT_EQ(etag.front(), '"');
    EXPECT_EQ(get("/api/users", {{"Accept-Encoding", field}, {"If-None-Match", etag}})->status, 304);
    EXPECT_EQ(get("/api/users", {{"If-None-Match", etag}})->status, 200);  // not the identity's tag
    // A hit shares the compressed answer: nothing is compressed again.
    EXPECT_EQ(get("/api/users", {{"Accept-Encoding", field}}), coded);
    Request req{"GET", "/api/users", {{"Accept-Encoding", field}}, "", std::nullopt};
    EXPECT_EQ(api_->cached(req), coded);
  }
}

TEST_F(CompressedReadsTest, SmallBodiesAndRefusalsGoOutAsTheyAre) {
  const auto one = get("/api/leaderboard?limit=1", {{"Accept-Encoding", "br, gzip"}});
  ASSERT_LT(one->body.size(), kMinCompressBytes);
  EXPECT_EQ(one->header("Content-Encoding"), "");
  EXPECT_EQ(one->header("Vary"), "");
  const auto missing = get("/api/users/nobody", {{"Accept-Encoding", "br, gzip"}});
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->header("Content-Encoding"), "");
  EXPECT_EQ(missing->header("Cache-Control"), "no-store");
}

TEST_F(CompressedReadsTest, CompressionCanBeTurnedOff) {
  ApiConfig config;
  config.compression = false;
  Api plain(*store_, config);
  const auto res = plain.handle(Request{"GET", "/api/users", {{"Accept-Encoding", "br"}}, "", std::nullopt});
  EXPECT_EQ(res.header("Content-Encoding"), "");
  EXPECT_EQ(res.header("Vary"), "");
}

}  // namespace
}  // namespace hdoc::http
