// The `hdoc` command line, run as a real process on real files.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "store/sqlite/sqlite_store.hpp"
#include "support/dynamodb_local.hpp"
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
  for (const char* command : {"serve", "import", "export", "seed", "backup", "restore"}) {
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

// `hdoc import|export ...` on one store: an SQLite file, or a fresh table in DynamoDB Local.
struct CliStore {
  std::vector<std::string> args;
  std::map<std::string, std::string> env;

  static CliStore sqlite(const std::string& path) { return {{"--db", path}, {}}; }
  static CliStore dynamodb() {
    const auto config = testing::DynamoDbLocal::instance().freshTable();
    return {{"--store", "dynamodb", "--dynamodb-endpoint", config.endpoint},
            {{"databaseName", config.table},
             {"AWS_REGION", config.region},
             {"AWS_ACCESS_KEY_ID", config.accessKeyId},
             {"AWS_SECRET_ACCESS_KEY", config.secretAccessKey}}};
  }
  testing::CommandResult run(std::vector<std::string> command) const {
    command.insert(command.begin(), testing::hdocBinary());
    command.insert(command.end(), args.begin(), args.end());
    return testing::runCommand(command, "", env);
  }
};

// Prose (bio, title, subtitle) may be laid out in lines: tabs, LF and CRLF go through import, export
// and import again byte for byte, on both stores.
TEST(Cli, MultiLineProseRoundTripsThroughImportAndExportOnBothStores) {
  TempDir dir;
  const std::string bio = "Line one\nLine two\r\n\tindented\rend";
  const std::string subtitle = "Para one.\r\n\r\n\tPara two.\n";
  boost::json::object user = boost::json::parse(R"({"id":"pr0se","name":"Prose Writer","daysCompleted":3,
    "githubProfile":"prose","githubScore":1,"githubStreak":1,"twitterProfile":"","twitterScore":0,
    "twitterStreak":0,"linkedinProfile":"","status":true,"avatarImage":"","dateJoined":"2021-01-01T00:00:00Z"})")
                                 .as_object();
  user["bio"] = bio;
  const boost::json::object article{{"id", 1},     {"title", "Two\nlines"}, {"subtitle", subtitle},
                                    {"image", ""}, {"tags", "AWS"},         {"author", "prose"}};
  const auto usersFile = dir.write(
      "users.json", boost::json::serialize(boost::json::object{{"users", boost::json::array{user}}}));
  const auto articlesFile =
      dir.write("articles.json",
                boost::json::serialize(boost::json::object{{"articles", boost::json::array{article}}}));
  for (const bool dynamo : {false, true}) {
    SCOPED_TRACE(dynamo ? "dynamodb" : "sqlite");
    const CliStore first = dynamo ? CliStore::dynamodb() : CliStore::sqlite(dir.file("first.db"));
    const CliStore second = dynamo ? CliStore::dynamodb() : CliStore::sqlite(dir.file("second.db"));
    auto r = first.run({"import", "users", usersFile});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    r = first.run({"import", "articles", articlesFile});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto users = first.run({"export", "users"});
    const auto articles = first.run({"export", "articles"});
    ASSERT_EQ(users.exitCode, 0) << users.err;
    ASSERT_EQ(articles.exitCode, 0) << articles.err;
    EXPECT_EQ(boost::json::parse(users.out)
                  .as_object()
                  .at("users")
                  .as_array()
                  .at(0)
                  .as_object()
                  .at("bio")
                  .as_string(),
              bio);
    EXPECT_EQ(boost::json::parse(articles.out).as_object().at("articles").as_array().at(0), article);
    // The export imports into a fresh store and exports the same bytes.
    r = second.run({"import", "users", dir.write("u.json", users.out)});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    r = second.run({"import", "articles", dir.write("a.json", articles.out)});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(second.run({"export", "users"}).out, users.out);
    EXPECT_EQ(second.run({"export", "articles"}).out, articles.out);
  }
}

// Every other control character stays refused, with the record and field named, and nothing written.
TEST(Cli, OtherControlCharactersInProseAreRefused) {
  TempDir dir;
  const auto db = dir.file("c.db");
  const auto file = dir.write("bad.json", R"({"articles":[
    {"id":1,"title":"t","subtitle":"ok\nfine","image":"","tags":"AWS","author":"a"},
    {"id":2,"title":"t","subtitle":"bell\u0007","image":"","tags":"AWS","author":"a"},
    {"id":3,"title":"t","subtitle":"s","image":"","tags":"AWS\n","author":"a"}]})");
  auto r = runHdoc({"import", "articles", file, "--db", db});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find(file + ": record 2: subtitle: must not contain control characters"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(file + ": record 3: tags: must not contain control characters"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("record 1"), std::string::npos) << r.err;
  store::SqliteStore store(db);
  EXPECT_TRUE(store.listArticles(std::nullopt, std::nullopt).empty());
}

}  // namespace
}  // namespace hdoc::cli
