// Cursor pages through Api::handle on a real SQLite file: Link headers, walks that return every list
// exactly, the byte budget, refused cursors, and canonical cache keys.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/cursor.hpp"
#include "http/api.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::http {
namespace {

namespace json = boost::json;
using testing::TempDir;

class PaginationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HDOC_REQUIRE_FIXTURES();
    store_ = std::make_unique<store::SqliteStore>(dir_.file("pages.db"));
    testing::importFixtures(*store_);
    api_ = std::make_unique<Api>(*store_, ApiConfig{});
  }

  Response get(const std::string& target, Api* api = nullptr) {
    Request req;
    req.method = "GET";
    req.target = target;
    return (api ? *api : *api_).handle(req);
  }

  // The target of the Link: rel="next" of `res`, or "" when there is none.
  static std::string nextOf(const Response& res) {
    const std::string link(res.header("Link"));
    if (link.empty()) return "";
    EXPECT_EQ(link.front(), '<') << link;
    const auto close = link.find('>');
    EXPECT_EQ(link.substr(close), ">; rel=\"next\"") << link;
    return link.substr(1, close - 1);
  }

  // Every page from `target` on, following Link headers: the items in order, and how many pages.
  json::array walk(std::string target, std::size_t* pages = nullptr, Api* api = nullptr) {
    json::array all;
    std::size_t n = 0;
    while (!target.empty()) {
      auto res = get(target, api);
      EXPECT_EQ(res.status, 200) << target << " " << res.body;
      if (res.status != 200) break;
      const json::value page = json::parse(res.body);  // named: the loop must not outlive it
      for (const auto& v : page.as_array()) all.push_back(v);
      target = nextOf(res);
      if (++n > 10000) break;
    }
    if (pages) *pages = n;
    return all;
  }

  void expectCursorProblem(const std::string& target) {
    auto res = get(target);
    EXPECT_EQ(res.status, 400) << target << " " << res.body;
    EXPECT_EQ(res.header("Content-Type"), "application/problem+json");
    auto body = json::parse(res.body).as_object();
    EXPECT_EQ(body.at("invalid-params").as_array()[0].at("name").as_string(), "cursor") << target;
  }

  TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<Api> api_;
};

TEST_F(PaginationTest, TheNextLinkKeepsTheCallersPrefixAndLimit) {
  const auto next = nextOf(get("/api/leaderboard?limit=5"));
  EXPECT_TRUE(next.starts_with("/api/leaderboard?limit=5&cursor=")) << next;
  EXPECT_TRUE(nextOf(get("/leaderboard?limit=5")).starts_with("/leaderboard?limit=5&cursor="));
  EXPECT_TRUE(nextOf(get("/api/leaderboard/5")).starts_with("/api/leaderboard/5?cursor="));
  EXPECT_TRUE(nextOf(get("/api/leaderboard/")).starts_with("/api/leaderboard?cursor="));  // default 10
  EXPECT_TRUE(nextOf(get("/api/articles/AWS/?limit=2")).starts_with("/api/articles/aws?limit=2&cursor="));
  EXPECT_TRUE(nextOf(get("/api/articles?tag=open+system&limit=1"))
                  .starts_with("/api/articles?tag=open%20system&limit=1&cursor="));
  EXPECT_TRUE(
      nextOf(get("/api/users/recent?limit=3&unknown=1")).starts_with("/api/users/recent?limit=3&cursor="));
  // The end of a list, a limit of 0 and everything-fits pages have no next page.
  EXPECT_EQ(nextOf(get("/api/leaderboard?limit=1000")), "");
  EXPECT_EQ(nextOf(get("/api/leaderboard?limit=0")), "");
  EXPECT_EQ(nextOf(get("/api/users")), "");  // the site's 1000 journeyers fit one page
  EXPECT_EQ(nextOf(get("/api/tags")), "");
}

TEST_F(PaginationTest, WalkingEveryListGivesExactlyTheWholeList) {
  const std::pair<std::string, std::string> lists[] = {
      {"/api/users?limit=10000", "/api/users?limit=37"},
      {"/api/users/recent?limit=10000", "/api/users/recent?limit=37"},
      {"/api/leaderboard?limit=10000", "/api/leaderboard?limit=37"},
      {"/api/articles", "/api/articles?limit=7"},
      {"/api/articles/aws", "/api/articles/AWS?limit=2"},
      {"/api/articles?tag=GCP", "/api/articles?tag=gcp&limit=3"},
      {"/api/tags", "/api/tags?limit=6"},
  };
  for (const auto& [whole, paged] : lists) {
    SCOPED_TRACE(paged);
    const auto expected = json::parse(get(whole).body).as_array();
    std::size_t pages = 0;
    const auto walked = walk(paged, &pages);
    EXPECT_EQ(walked, expected);
    EXPECT_GT(pages, 1u);
  }
  // A journeyer's entries: logged through the store, then walked.
  for (int day = 1; day <= 9; ++day) {
    for (auto platform : {core::Platform::github, core::Platform::twitter}) {
      store_->putEntry({"fdurham0", day, platform, "https://example.com/" + std::to_string(day),
                        "2021-03-0" + std::to_string(day), true});
    }
  }
  const auto entries = json::parse(get("/api/users/FDurham0/entries").body).as_array();
  ASSERT_EQ(entries.size(), 18u);
  EXPECT_EQ(walk("/api/users/fdurham0/entries?limit=4"), entries);
}

TEST_F(PaginationTest, ByteBoundedPagesWhereNoLimitIsGiven) {
  // The mock data's lists are 330 KB (users), 70 KB (articles) and 4 KB (tags): budgets well below.
  const std::pair<std::string, std::size_t> lists[] = {{"/api/users", 20000},
                                                       {"/api/articles", 20000},
                                                       {"/api/tags", 1000},
                                                       {"/api/users?limit=10000", 20000}};
  for (const auto& [route, budget] : lists) {
    SCOPED_TRACE(route);
    ApiConfig config;
    config.pageBytes = budget;
    Api small(*store_, config);
    auto first = get(route, &small);
    EXPECT_LE(first.body.size(), budget);
    EXPECT_GT(first.body.size(), budget * 3 / 4);  // filled, not cut early
    EXPECT_FALSE(nextOf(first).empty());
    std::size_t pages = 0;
    EXPECT_EQ(walk(route, &pages, &small), json::parse(get(route).body).as_array());
    EXPECT_GT(pages, 2u);
  }
}

TEST_F(PaginationTest, ChangedTruncatedOrForeignCursorsAre400NamingCursor) {
  const std::string next = nextOf(get("/api/leaderboard?limit=5"));
  const std::string cursor = next.substr(next.find("cursor=") + 7);
  std::string tampered = cursor;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  expectCursorProblem("/api/leaderboard?limit=5&cursor=" + tampered);
  expectCursorProblem("/api/leaderboard?limit=5&cursor=" + cursor.substr(0, cursor.size() - 3));
  expectCursorProblem("/api/leaderboard?cursor=");
  expectCursorProblem("/api/leaderboard?cursor=" + cursor + "&cursor=" + cursor);
  // Another route's cursor: the same position means nothing in another list.
  expectCursorProblem("/api/users?cursor=" + cursor);
  expectCursorProblem("/api/users/recent?cursor=" + cursor);
  expectCursorProblem("/api/tags?cursor=" + cursor);
  const std::string aws = nextOf(get("/api/articles/aws?limit=1"));
  const std::string awsCursor = aws.substr(aws.find("cursor=") + 7);
  EXPECT_EQ(get("/api/articles?tag=AWS&cursor=" + awsCursor).status,
            200);  // the same list, spelled otherwise
  expectCursorProblem("/api/articles/gcp?cursor=" + awsCursor);
  expectCursorProblem("/api/articles?cursor=" + awsCursor);
  // A well-formed cursor naming a position no item can have.
  expectCursorProblem("/api/leaderboard?cursor=" +
                      core::encodeCursor({core::ListKind::Leaderboard, "", -5, "x"}));
  // And the right cursor works, with or without /api.
  EXPECT_EQ(get("/leaderboard?limit=5&cursor=" + cursor).status, 200);
}

TEST_F(PaginationTest, CursorPagesAreCachedUnderCanonicalKeys) {
  const std::string next = nextOf(get("/api/leaderboard?limit=5"));
  Request req{"GET", next, {}, "", std::nullopt};
  const auto page = api_->respond(req);
  EXPECT_EQ(api_->respond(req), page);  // a cursor page is a cache key like any other
  const auto entries = api_->cacheStats().entries;
  // Unknown parameters, their order, /api-less or trailing-slash spellings of the same page share
  // one entry: none makes a key of its own.
  for (int i = 0; i < 300; ++i) {
    req.target = "/api/leaderboard?x=" + std::to_string(i) + "&limit=5";
    EXPECT_EQ(api_->respond(req)->body, get("/api/leaderboard?limit=5").body);
  }
  req.target = "/api/leaderboard/?limit=05";
  api_->respond(req);
  EXPECT_EQ(api_->cacheStats().entries, entries);  // all of them /api/leaderboard?limit=5, cached before
  req.target = "/api/users/FDURHAM0";
  const auto upper = api_->respond(req);
  req.target = "/api/users/fdurham0";
  EXPECT_EQ(api_->respond(req), upper);  // the profile is matched case-insensitively: one key
}

}  // namespace
}  // namespace hdoc::http
