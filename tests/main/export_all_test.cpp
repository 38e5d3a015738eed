// The complete export as the issue's "Done when" puts it: a site on `hdoc serve`'s SQLite (the
// frontend's mock data plus journeyers who signed up, logged a few hundred entries, had some rejected
// and linked Journey repositories, all through the Api) moves to DynamoDB Local with `hdoc export all`
// and `hdoc import FILE --store dynamodb`, and back to a fresh SQLite file the same way. Each export is
// byte for byte the same, every read route answers byte for byte the same on all three stores, every
// owner can still edit their profile and every streak is still computed from its entries. And a bad
// file (truncated, edited, newer, of another kind) is refused naming the line, with nothing written.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "core/date.hpp"
#include "core/scoring.hpp"
#include "http/api.hpp"
#include "store/dynamodb/dynamodb_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/api_calls.hpp"
#include "support/dynamodb_local.hpp"
#include "support/fixtures.hpp"
#include "support/hdoc_process.hpp"
#include "support/temp_dir.hpp"
#include "support/user_pool.hpp"

namespace hdoc::cli {
namespace {

namespace json = boost::json;
using testing::readText;
using testing::runHdoc;
using testing::TempDir;
using testing::UserPool;

constexpr std::int64_t kToday = 19792;  // 2024-03-10
constexpr std::int64_t kNow = kToday * 86400 + 12 * 3600;
constexpr int kJourneyers = 30;
const std::map<std::string, std::string> kSameTime = {{"SOURCE_DATE_EPOCH", "1733011200"}};

std::string handle(int i) {
  return "mover" + std::to_string(i);
}
std::string sub(int i) {
  return "sub-mover-" + std::to_string(i);
}

class ExportAll : public ::testing::Test {
 protected:
  http::ApiConfig apiConfig() const {
    http::ApiConfig config;
    config.verifier = pool_.verifier();
    config.clock = [] { return kNow; };
    return config;
  }

  http::Response call(http::Api& api, const std::string& method, const std::string& target,
                      const std::string& token = "", const std::string& body = "") {
    std::vector<http::Header> headers;
    if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
    if (!body.empty()) headers.push_back({"Content-Type", "application/json"});
    return api.handle(testing::apiRequest(method, target, std::move(headers), body));
  }

  std::string token(int i) const { return pool_.idToken(UserPool::identity(sub(i), handle(i))); }
  std::string admin() const { return pool_.idToken(UserPool::identity("sub-admin", "root", true)); }

  // The mock data, then journeyers who sign up and log entries through the Api: ~300 entries, some
  // rejected by an admin, some journeyers with a bio and a linked Journey repository, and articles.
  void buildSite(store::Store& store) {
    store.upsertUsers(testing::fixtureUsers());
    store.upsertArticles(testing::fixtureArticles());
    http::Api api(store, apiConfig());
    for (int i = 0; i < kJourneyers; ++i) {
      std::string body =
          R"({"githubProfile":")" + handle(i) + R"(","name":"Mover )" + std::to_string(i) + R"(")";
      if (i % 3 == 0) body += R"(,"bio":"Moving\nclouds")";
      if (i % 4 == 0) body += R"(,"githubJourneyRepo":")" + handle(i) + R"(/100DaysOfCloud")";
      body += "}";
      ASSERT_EQ(call(api, "POST", "/api/users", token(i), body).status, 201) << body;
      const int days = 4 + (i * 7) % 13;
      for (int d = 1; d <= days; ++d) {
        for (const char* platform : {"github", "twitter"}) {
          if (std::string(platform) == "twitter" && d % 3 == 0) continue;
          const std::int64_t date = kToday - 60 + d * (1 + i % 3);
          const auto res = call(api, "POST", "/api/users/" + handle(i) + "/entries", token(i),
                                R"({"day":)" + std::to_string(d) + R"(,"platform":")" + platform +
                                    R"(","url":"https://example.com/)" + handle(i) + "/" + platform + "/" +
                                    std::to_string(d) + R"(","date":")" + core::formatDate(date) + R"("})");
          ASSERT_EQ(res.status, 201) << res.body;
          ++entries_;
        }
      }
      if (i % 5 == 1) {
        ASSERT_EQ(call(api, "PATCH", "/api/users/" + handle(i) + "/entries/github/2", admin(),
                       R"({"verified":false})")
                      .status,
                  200);
      }
      if (i % 6 == 2) {
        ASSERT_EQ(call(api, "POST", "/api/articles", token(i),
                       R"({"title":"Day one","subtitle":"of many","image":"","tags":"Moving"})")
                      .status,
                  201);
      }
    }
  }

  std::vector<std::string> readRoutes() const {
    std::vector<std::string> routes = {"/api/users?limit=10000", "/api/users",
                                       "/api/users?limit=7",     "/api/users/recent?limit=10000",
                                       "/api/users/recent",      "/api/leaderboard?limit=10000",
                                       "/api/leaderboard/25",    "/api/articles?limit=10000",
                                       "/api/articles/moving",   "/api/articles?tag=AWS",
                                       "/api/tags?limit=10000",  "/api/tags",
                                       "/api/users/fdurham0",    "/api/users/no-such-journeyer"};
    for (int i = 0; i < kJourneyers; ++i) {
      routes.push_back("/api/users/" + handle(i));
      routes.push_back("/api/users/" + handle(i) + "/entries");
      routes.push_back("/api/users/" + handle(i) + "/entries?limit=3");
    }
    return routes;
  }

  // Every route, and every page of the paged walks, answered the same by both.
  void expectSameAnswers(store::Store& a, store::Store& b, const std::string& what) {
    http::Api apiA(a, apiConfig());
    http::Api apiB(b, apiConfig());
    for (const auto& start : readRoutes()) {
      std::string target = start;
      for (int page = 0; !target.empty() && page < 100; ++page) {
        const auto ra = call(apiA, "GET", target);
        const auto rb = call(apiB, "GET", target);
        EXPECT_EQ(rb.status, ra.status) << what << ": " << target;
        EXPECT_EQ(rb.body, ra.body) << what << ": " << target;
        EXPECT_EQ(rb.header("Link"), ra.header("Link")) << what << ": " << target;
        const std::string link(ra.header("Link"));
        target = link.empty() ? "" : link.substr(1, link.find('>') - 1);
        ++compared_;
      }
    }
  }

  testing::CommandResult hdoc(const std::vector<std::string>& args,
                              const std::map<std::string, std::string>& env) {
    std::vector<std::string> argv = {testing::hdocBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return testing::runCommand(argv, "", env);
  }

  std::map<std::string, std::string> dynamoEnv(const store::DynamoConfig& c) const {
    auto env = kSameTime;
    env["databaseName"] = c.table;
    env["AWS_ENDPOINT_URL_DYNAMODB"] = c.endpoint;
    env["AWS_REGION"] = c.region;
    env["AWS_ACCESS_KEY_ID"] = c.accessKeyId;
    env["AWS_SECRET_ACCESS_KEY"] = c.secretAccessKey;
    return env;
  }

  UserPool pool_;
  TempDir dir_;
  int entries_ = 0;
  int compared_ = 0;
};

TEST_F(ExportAll, SqliteToDynamoDbAndBackLosesNothing) {
  HDOC_REQUIRE_FIXTURES();
  const auto db = dir_.file("site.db");
  {
    store::SqliteStore site(db);
    buildSite(site);
  }
  ASSERT_GE(entries_, 300);
  const auto first = dir_.file("first.ndjson");
  auto exported = hdoc({"export", "all", "--db", db, "--out", first}, kSameTime);
  ASSERT_EQ(exported.exitCode, 0) << exported.err;
  EXPECT_NE(exported.err.find("exported 1030 users, 30 owners, " + std::to_string(entries_) + " entries"),
            std::string::npos)
      << exported.err;

  // To DynamoDB, and out again: the same bytes.
  const store::DynamoConfig table = testing::DynamoDbLocal::instance().freshTable();
  auto imported = hdoc({"import", first, "--store", "dynamodb"}, dynamoEnv(table));
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  const auto second = dir_.file("second.ndjson");
  auto again = hdoc({"export", "all", "--store", "dynamodb", "--out", second}, dynamoEnv(table));
  ASSERT_EQ(again.exitCode, 0) << again.err;
  EXPECT_TRUE(readText(first) == readText(second)) << "the DynamoDB export differs from the SQLite one";

  // And back into a fresh SQLite file: the same bytes again.
  const auto back = dir_.file("back.db");
  ASSERT_EQ(hdoc({"import", "all", second, "--db", back}, kSameTime).exitCode, 0);
  const auto third = dir_.file("third.ndjson");
  ASSERT_EQ(hdoc({"export", "all", "--db", back, "--out", third}, kSameTime).exitCode, 0);
  EXPECT_TRUE(readText(first) == readText(third)) << "the way back differs";

  store::SqliteStore site(db);
  store::DynamoStore dynamo(table);
  store::SqliteStore returned(back);
  expectSameAnswers(site, dynamo, "SQLite vs DynamoDB");
  expectSameAnswers(site, returned, "SQLite vs SQLite after the way back");
  EXPECT_GT(compared_, 200);

  // Every owner can still edit their profile and log a day on DynamoDB, and the figures that follow
  // are computed from all their entries, the moved ones included.
  http::Api api(dynamo, apiConfig());
  for (int i = 0; i < kJourneyers; ++i) {
    const auto res =
        call(api, "PATCH", "/api/users/" + handle(i), token(i), R"({"name":"Moved )" + handle(i) + "\"}");
    EXPECT_EQ(res.status, 200) << handle(i) << ": " << res.body;
  }
  const auto logged =
      call(api, "POST", "/api/users/" + handle(1) + "/entries", token(1),
           R"({"day":99,"platform":"github","url":"https://example.com/late","date":"2024-03-10"})");
  ASSERT_EQ(logged.status, 201) << logged.body;
  const auto user = dynamo.findUser(handle(1));
  ASSERT_TRUE(user);
  const auto scores = core::computeScores(dynamo.listEntries(handle(1)));
  EXPECT_EQ(user->githubScore, scores.githubScore);
  EXPECT_EQ(user->githubStreak, scores.githubStreak);
  EXPECT_EQ(user->twitterScore, scores.twitterScore);
  EXPECT_EQ(user->daysCompleted, scores.daysCompleted);
  EXPECT_GT(dynamo.listEntries(handle(1)).size(), 5u);
}

// The file a small site exports, with its lines (the last one is the end line).
struct Exported {
  std::string text;
  std::vector<std::string> lines;
};

Exported smallExport(const TempDir& dir, const std::string& db) {
  {
    store::SqliteStore s(db);
    core::User u;
    u.id = "id001";
    u.name = "Ann";
    u.githubProfile = "ann";
    u.dateJoined = "2024-01-01T00:00:00Z";
    u.owner = "sub-ann";
    s.upsertUsers(std::vector<core::User>{u});
    core::Entry e;
    e.githubProfile = "ann";
    e.day = 1;
    e.url = "https://example.com/1";
    e.date = "2024-01-02";
    s.putEntry(e);
    s.upsertArticles(std::vector<core::Article>{{1, "T", "S", "", "AWS", "ann"}});
  }
  Exported out;
  out.text = runHdoc({"export", "all", "--db", db}).out;
  std::size_t pos = 0;
  while (pos < out.text.size()) {
    const auto nl = out.text.find('\n', pos);
    out.lines.push_back(out.text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  (void)dir;
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

TEST(ExportAllErrors, BadFilesAreRefusedNamingTheLineAndWriteNothing) {
  TempDir dir;
  const Exported good = smallExport(dir, dir.file("source.db"));
  ASSERT_EQ(good.lines.size(), 6u) << good.text;  // header, user, owner, entry, article, end
  const auto target = dir.file("target.db");
  struct Case {
    std::string name, content, expected;
  };
  std::vector<std::string> edited = good.lines;
  edited[1].replace(edited[1].find("\"Ann\""), 5, "\"Bob\"");  // still a valid record
  std::vector<std::string> invalid = good.lines;
  invalid[3].replace(invalid[3].find("\"day\":1"), 7, "\"day\":101");
  std::vector<std::string> newer = good.lines;
  newer[0].replace(newer[0].find("\"version\":1"), 11, "\"version\":2");
  std::vector<std::string> orphan = good.lines;
  std::swap(orphan[1], orphan[3]);  // the entry before its user
  std::vector<std::string> dropped = good.lines;
  dropped.erase(dropped.begin() + 3);  // an entry line removed
  const std::vector<Case> cases = {
      {"cut mid-line", good.text.substr(0, good.text.size() - 10), "line 6: the line is cut off"},
      {"cut at a line", joined({good.lines.begin(), good.lines.end() - 1}),
       "line 6: the file ends without its end line"},
      {"edited", joined(edited), "line 6: checksum: the file was changed after it was exported"},
      {"invalid record", joined(invalid), "line 4: day: must be an integer from 1 to 100"},
      {"newer version", joined(newer), "line 1: version: format version 2 is newer than this hdoc reads (1)"},
      {"entry before its user", joined(orphan),
       "line 2: entry of 'ann', whose user line does not come before it"},
      {"line removed", joined(dropped), "line 5: entries: the end line counts 1, the file holds 0"},
      {"frontend file", readText(testing::fixturePath("users.json")), "line 1: not an hdoc export"},
      {"empty", "", "line 1: the file is empty"},
  };
  for (const auto& c : cases) {
    const auto file = dir.write("bad.ndjson", c.content);
    auto r = runHdoc({"import", file, "--db", target});
    EXPECT_EQ(r.exitCode, 1) << c.name;
    EXPECT_NE(r.err.find(file + ": " + c.expected), std::string::npos) << c.name << ":\n" << r.err;
    EXPECT_NE(r.err.find("nothing was imported"), std::string::npos) << c.name;
    store::SqliteStore s(target);
    EXPECT_TRUE(s.listUsers(std::nullopt).empty()) << c.name;
    EXPECT_TRUE(s.listArticles(std::nullopt, std::nullopt).empty()) << c.name;
  }
  // A file of another kind than asked for.
  const auto all = dir.write("all.ndjson", good.text);
  auto wrongKind = runHdoc({"import", "entries", all, "--db", target});
  EXPECT_EQ(wrongKind.exitCode, 1);
  EXPECT_NE(wrongKind.err.find(all + ": line 1: kind: this is an \"all\" export, not \"entries\""),
            std::string::npos)
      << wrongKind.err;
  // The good file imports, the owner with it.
  auto ok = runHdoc({"import", "all", "--file", all, "--db", target});
  ASSERT_EQ(ok.exitCode, 0) << ok.err;
  store::SqliteStore s(target);
  ASSERT_TRUE(s.findUserByOwner("sub-ann"));
  EXPECT_EQ(s.listEntries("ann").size(), 1u);
}

TEST(ExportAllErrors, AnEntriesExportRecomputesTheFiguresOfTheUsersItNames) {
  TempDir dir;
  const auto db = dir.file("source.db");
  smallExport(dir, db);
  auto entries = runHdoc({"export", "entries", "--db", db});
  ASSERT_EQ(entries.exitCode, 0) << entries.err;
  EXPECT_EQ(entries.out.find("\"type\":\"user\""), std::string::npos);
  const auto file = dir.write("entries.ndjson", entries.out);
  const auto target = dir.file("target.db");
  // Into a store without that journeyer: refused, naming them.
  auto refused = runHdoc({"import", "entries", file, "--db", target});
  EXPECT_EQ(refused.exitCode, 1);
  EXPECT_NE(refused.err.find("'ann'"), std::string::npos) << refused.err;
  {
    store::SqliteStore s(target);
    core::User u;
    u.id = "id001";
    u.name = "Ann";
    u.githubProfile = "ann";
    u.dateJoined = "2024-01-01T00:00:00Z";
    u.githubScore = 500;  // imported figures, no entries yet
    s.upsertUsers(std::vector<core::User>{u});
  }
  ASSERT_EQ(runHdoc({"import", file, "--db", target}).exitCode, 0);
  store::SqliteStore s(target);
  EXPECT_EQ(s.findUser("ann")->githubScore, 2);  // computed from its one GitHub entry
}

}  // namespace
}  // namespace hdoc::cli
