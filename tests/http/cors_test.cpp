// The one parser of CORS allow-lists, shared by `hdoc serve` and the Lambda host.
#include "http/cors.hpp"

#include <gtest/gtest.h>

namespace hdoc::http {
namespace {

using Origins = std::vector<std::string>;

TEST(ParseCorsOrigins, SplitsOnCommasAndTrimsSpacesAndTabs) {
  EXPECT_EQ(parseCorsOrigins("https://a"), Origins{"https://a"});
  EXPECT_EQ(parseCorsOrigins("https://a,https://b"), (Origins{"https://a", "https://b"}));
  EXPECT_EQ(parseCorsOrigins("https://a, https://b"), (Origins{"https://a", "https://b"}));
  EXPECT_EQ(parseCorsOrigins(" \thttps://a \t,\t https://b\t "), (Origins{"https://a", "https://b"}));
}

TEST(ParseCorsOrigins, DropsEmptyItems) {
  EXPECT_EQ(parseCorsOrigins("https://a,,https://b,"), (Origins{"https://a", "https://b"}));
  EXPECT_EQ(parseCorsOrigins(", ,https://a"), Origins{"https://a"});
}

TEST(ParseCorsOrigins, NamingNoOriginMeansEveryOrigin) {
  EXPECT_EQ(parseCorsOrigins(""), Origins{"*"});
  EXPECT_EQ(parseCorsOrigins(" "), Origins{"*"});
  EXPECT_EQ(parseCorsOrigins(","), Origins{"*"});
  EXPECT_EQ(parseCorsOrigins(" , \t,"), Origins{"*"});
  EXPECT_EQ(parseCorsOrigins("*"), Origins{"*"});
}

TEST(ParseCorsOrigins, KeepsWhatIsInsideAnItem) {
  // Only the ends are trimmed; the origin itself is compared byte for byte with the Origin header.
  EXPECT_EQ(parseCorsOrigins("http://localhost:3000"), Origins{"http://localhost:3000"});
  EXPECT_EQ(parseCorsOrigins("https://a b"), Origins{"https://a b"});
}

TEST(ParseCorsOrigins, TheParsedListIsWhatThePolicyAllows) {
  const CorsPolicy policy(parseCorsOrigins("https://a, https://b"));
  for (const std::string origin : {"https://a", "https://b"}) {
    Response res;
    policy.apply(res, origin, "GET");
    EXPECT_EQ(res.header("Access-Control-Allow-Origin"), origin);
  }
  Response other;
  policy.apply(other, "https://c", "GET");
  EXPECT_EQ(other.header("Access-Control-Allow-Origin"), "");
}

}  // namespace
}  // namespace hdoc::http
