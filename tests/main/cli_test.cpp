// The `hdoc` command line, run as a real process on real files.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "store/sqlite/sqlite_store.hpp"
#include "support/fixtures.hpp"
#include "support/hdoc_process.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::cli {
namespace {

using testing::readText;
using testing::runHdoc;
using testing::TempDir;

TEST(Cli, HelpForEveryCommandAndUsageErrors) {
  EXPECT_EQ(runHdoc({"--help"}).exitCode, 0);
  for (const char* command : {"serve", "import", "export", "seed"}) {
    auto r = runHdoc({command, "--help"});
    EXPECT_EQ(r.exitCode, 0) << command;
    EXPECT_NE(r.out.find("Usage: hdoc " + std::string(command)), std::string::npos) << r.out;
  }
  EXPECT_EQ(runHdoc({}).exitCode, 2);
  auto unknown = runHdoc({"frobnicate"});
  EXPECT_EQ(unknown.exitCode, 2);
  EXPECT_NE(unknown.err.find("unknown command 'frobnicate'"), std::string::npos);
  EXPECT_EQ(runHdoc({"serve", "--bogus"}).exitCode, 2);
  EXPECT_EQ(runHdoc({"serve", "--listen"}).exitCode, 2);
  EXPECT_EQ(runHdoc({"serve", "--listen", "nope"}).exitCode, 2);
  EXPECT_EQ(runHdoc({"serve", "--threads", "-3"}).exitCode, 2);
  EXPECT_EQ(runHdoc({"seed", "--users", "lots"}).exitCode, 2);
  EXPECT_EQ(runHdoc({"import", "people", "x.json"}).exitCode, 2);
  EXPECT_EQ(runHdoc({"import", "users"}).exitCode, 2);
  EXPECT_EQ(runHdoc({"export"}).exitCode, 2);
  EXPECT_EQ(runHdoc({"serve", "--store", "mongodb"}).exitCode, 2);
}

TEST(Cli, ImportsTheFrontendFilesAndExportRoundTrips) {
  HDOC_REQUIRE_FIXTURES();
  TempDir dir;
  const auto db = dir.file("a.db");
  ASSERT_EQ(runHdoc({"import", "users", testing::fixturePath("users.json"), "--db", db}).exitCode, 0);
  ASSERT_EQ(runHdoc({"import", "articles", testing::fixturePath("articles.json"), "--db", db}).exitCode, 0);
  auto users = runHdoc({"export", "users", "--db", db});
  auto articles = runHdoc({"export", "articles", "--db", db});
  ASSERT_EQ(users.exitCode, 0);
  ASSERT_EQ(articles.exitCode, 0);
  // The export is the frontend's shape with the same records.
  auto exported = boost::json::parse(users.out).as_object().at("users").as_array();
  EXPECT_EQ(exported.size(), 1000u);
  auto original =
      boost::json::parse(readText(testing::fixturePath("users.json"))).as_object().at("users").as_array();
  for (const auto& record : original) {
    EXPECT_NE(std::find(exported.begin(), exported.end(), record), exported.end()) << record;
  }
  EXPECT_EQ(boost::json::parse(articles.out),
            boost::json::parse(readText(testing::fixturePath("articles.json"))));
  // Importing the export into a fresh database gives the same export, byte for byte.
  const auto db2 = dir.file("b.db");
  ASSERT_EQ(runHdoc({"import", "users", dir.write("u.json", users.out), "--db", db2}).exitCode, 0);
  ASSERT_EQ(runHdoc({"import", "articles", dir.write("a.json", articles.out), "--db", db2}).exitCode, 0);
  EXPECT_EQ(runHdoc({"export", "users", "--db", db2}).out, users.out);
  EXPECT_EQ(runHdoc({"export", "articles", "--db", db2}).out, articles.out);
  // Importing again changes nothing (upsert by key).
  ASSERT_EQ(runHdoc({"import", "users", testing::fixturePath("users.json"), "--db", db}).exitCode, 0);
  EXPECT_EQ(runHdoc({"export", "users", "--db", db}).out, users.out);
}

TEST(Cli, ImportsTheSnakeCaseExportAndNdjson) {
  HDOC_REQUIRE_FIXTURES();
  TempDir dir;
  const auto db = dir.file("s.db");
  auto r = runHdoc({"import", "users", testing::fixturePath("users-snake-case.json"), "--db", db});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  store::SqliteStore store(db);
  auto user = store.findUser("keyonhessel");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->name, "Keyon Hessel");
  EXPECT_EQ(user->twitterProfile, "KeyonHessel682");
  EXPECT_TRUE(user->bio);
  EXPECT_EQ(store.listUsers(std::nullopt).size(), 300u);
  const auto nd =
      dir.write("a.ndjson", R"({"id":1,"title":"t","subtitle":"s","image":"","tags":"AWS","author":"a"})"
                            "\n"
                            R"({"id":2,"title":"t","subtitle":"s","image":"","tags":"aws","author":"a"})"
                            "\n");
  ASSERT_EQ(runHdoc({"import", "articles", nd, "--db", db}).exitCode, 0);
  EXPECT_EQ(store.listArticles("AWS", std::nullopt).size(), 2u);
}

TEST(Cli, ABadRecordIsReportedAndNothingIsWritten) {
  TempDir dir;
  const auto db = dir.file("bad.db");
  const auto good =
      dir.write("good.json", R"([{"id":1,"title":"t","subtitle":"s","image":"","tags":"AWS","author":"a"}])");
  const auto bad = dir.write("bad.json", R"({"articles":[
    {"id":2,"title":"t","subtitle":"s","image":"","tags":"GCP","author":"a"},
    {"id":"three","title":"t","subtitle":"s","image":"","tags":"","author":"a"},
    {"id":4,"title":"t","subtitle":"s","image":"","tags":"x","author":"a","color":"red"}]})");
  auto r = runHdoc({"import", "articles", good, bad, "--db", db});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find(bad + ": record 2: id: must be an integer"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(bad + ": record 2: tags: must not be empty"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(bad + ": record 3: color: unknown field"), std::string::npos) << r.err;
  store::SqliteStore store(db);
  EXPECT_TRUE(store.listArticles(std::nullopt, std::nullopt).empty());  // not even good.json
  auto missing = runHdoc({"import", "articles", dir.file("nope.json"), "--db", db});
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos);
  auto garbage = runHdoc({"import", "users", dir.write("g.json", "{not json"), "--db", db});
  EXPECT_EQ(garbage.exitCode, 1);
  EXPECT_NE(garbage.err.find("line 1: invalid JSON"), std::string::npos) << garbage.err;
}

TEST(Cli, SeedIsDeterministicAndRespectsIfEmpty) {
  TempDir dir;
  auto a = runHdoc({"seed", "--users", "300", "--articles", "50", "--seed", "7", "--db", dir.file("a.db")});
  auto b = runHdoc({"seed", "--users", "300", "--articles", "50", "--seed", "7", "--db", dir.file("b.db")});
  ASSERT_EQ(a.exitCode, 0) << a.err;
  ASSERT_EQ(b.exitCode, 0) << b.err;
  const auto ua = runHdoc({"export", "users", "--db", dir.file("a.db")}).out;
  EXPECT_EQ(ua, runHdoc({"export", "users", "--db", dir.file("b.db")}).out);
  EXPECT_EQ(boost::json::parse(ua).as_object().at("users").as_array().size(), 300u);
  auto again = runHdoc({"seed", "--if-empty", "--users", "5", "--db", dir.file("a.db")});
  EXPECT_EQ(again.exitCode, 0);
  EXPECT_EQ(runHdoc({"export", "users", "--db", dir.file("a.db")}).out, ua);
  auto other =
      runHdoc({"seed", "--users", "300", "--articles", "0", "--seed", "8", "--db", dir.file("c.db")});
  EXPECT_NE(runHdoc({"export", "users", "--db", dir.file("c.db")}).out, ua);
}

}  // namespace
}  // namespace hdoc::cli
