// `hdoc serve` as a real process: it serves, logs one JSON line per request, and stops cleanly on
// SIGTERM and SIGINT.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <regex>
#include <thread>

#include "support/child_process.hpp"
#include "support/fixtures.hpp"
#include "support/hdoc_process.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::cli {
namespace {

using namespace std::chrono_literals;

class ServeProcess : public ::testing::TestWithParam<int> {};

TEST_P(ServeProcess, ServesLogsAndStopsGracefully) {
  testing::TempDir dir;
  const auto db = dir.file("serve.db");
  ASSERT_EQ(testing::runHdoc({"seed", "--users", "50", "--articles", "20", "--db", db}).exitCode, 0);
  testing::ChildProcess serve(testing::hdocBinary(),
                              {"serve", "--listen", "127.0.0.1:0", "--db", db, "--threads", "2"}, {});
  const auto port = testing::waitForListeningPort(serve);
  ASSERT_NE(port, 0);
  auto res = testing::httpGet(port, "/api/leaderboard?limit=5");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(boost::json::parse(res.body).as_array().size(), 5u);
  EXPECT_EQ(testing::httpGet(port, "/api/users?limit=x").status, 400);
  serve.terminate(GetParam());
  EXPECT_EQ(serve.waitExit(5s), 0) << serve.stderrText();
  // One JSON line per request, with the fields operators query on.
  std::istringstream log(serve.stderrText());
  std::string line;
  int requests = 0;
  while (std::getline(log, line)) {
    auto entry = boost::json::parse(line).as_object();
    if (!entry.contains("method")) continue;
    ++requests;
    for (const char* field : {"time", "method", "path", "status", "bytes", "durationMs"}) {
      EXPECT_TRUE(entry.contains(field)) << line;
    }
  }
  EXPECT_EQ(requests, 2);
}

INSTANTIATE_TEST_SUITE_P(Signals, ServeProcess, ::testing::Values(SIGTERM, SIGINT));

// HDOC_CORS_ORIGINS is read as the Lambda host reads it (http::parseCorsOrigins): "https://a, https://b"
// allows https://b too, not " https://b".
TEST(ServeProcessCors, AllowsEveryOriginOfASpacedList) {
  testing::TempDir dir;
  testing::ChildProcess serve(testing::hdocBinary(),
                              {"serve", "--listen", "127.0.0.1:0", "--db", dir.file("cors.db")},
                              {{"HDOC_CORS_ORIGINS", "https://a, https://b"}});
  const auto port = testing::waitForListeningPort(serve);
  ASSERT_NE(port, 0);
  for (const std::string origin : {"https://a", "https://b"}) {
    for (const std::string method : {"GET", "OPTIONS"}) {
      const auto res = testing::httpRequest(port, method, "/api/tags", {{"Origin", origin}});
      EXPECT_EQ(res.status, method == "GET" ? 200 : 204) << method;
      EXPECT_EQ(res.header("Access-Control-Allow-Origin"), origin) << method << " from " << origin;
      EXPECT_EQ(res.header("Vary"), "Origin");
    }
  }
  EXPECT_FALSE(
      testing::httpGet(port, "/api/tags", {{"Origin", "https://c"}}).has("Access-Control-Allow-Origin"));
}

// Naming no origin at all is "*" (as on Lambda), not a start-up error.
TEST(ServeProcessCors, AnAllBlankListAllowsEveryOrigin) {
  testing::TempDir dir;
  testing::ChildProcess serve(
      testing::hdocBinary(),
      {"serve", "--listen", "127.0.0.1:0", "--db", dir.file("cors.db"), "--cors-origin", " , "}, {});
  const auto port = testing::waitForListeningPort(serve);
  ASSERT_NE(port, 0);
  EXPECT_EQ(
      testing::httpGet(port, "/api/tags", {{"Origin", "https://c"}}).header("Access-Control-Allow-Origin"),
      "*");
}

TEST(ServeProcessErrors, ABusyPortFailsWithAMessage) {
  testing::TempDir dir;
  testing::ChildProcess first(testing::hdocBinary(),
                              {"serve", "--listen", "127.0.0.1:0", "--db", dir.file("a.db")}, {});
  const auto port = testing::waitForListeningPort(first);
  auto second =
      testing::runHdoc({"serve", "--listen", "127.0.0.1:" + std::to_string(port), "--db", dir.file("a.db")});
  EXPECT_EQ(second.exitCode, 1);
  EXPECT_NE(second.err.find("in use"), std::string::npos) << second.err;
}

}  // namespace
}  // namespace hdoc::cli
