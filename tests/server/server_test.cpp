// The Beast host over real loopback sockets: the frontend's calls, HTTP/1.1 mechanics, and every
// kind of bad or slow client the issue lists.
#include "server/server.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "store/sqlite/sqlite_store.hpp"
#include "support/fixtures.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"

namespace hdoc::server {
namespace {

using namespace std::chrono_literals;
using testing::HttpConnection;
using testing::httpGet;
using testing::httpRequest;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HDOC_REQUIRE_FIXTURES();
    store_ = std::make_unique<store::SqliteStore>(dir_.file("server.db"));
    testing::importFixtures(*store_);
  }
  void start(ServerConfig config = {}) {
    server_ = std::make_unique<testing::TestServer>(*store_, http::ApiConfig{}, config);
  }
  unsigned short port() const { return server_->port(); }

  testing::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<testing::TestServer> server_;
};

TEST_F(ServerTest, AnswersEveryCallTheFrontendMakes) {
  start();
  for (const char* target :
       {"/api/tags?limit=20", "/api/articles/", "/api/articles/AWS/?limit=5", "/api/leaderboard?limit=5",
        "/api/leaderboard/", "/api/users/recent?limit=10", "/api/users/fdurham0"}) {
    auto res = httpGet(port(), target);
    EXPECT_EQ(res.status, 200) << target;
    EXPECT_EQ(res.header("Content-Type"), "application/json; charset=utf-8") << target;
    EXPECT_EQ(res.header("Access-Control-Allow-Origin"), "*");
    EXPECT_FALSE(res.header("ETag").empty());
    EXPECT_FALSE(res.header("Date").empty());
    EXPECT_NO_THROW(boost::json::parse(res.body)) << target;
  }
  auto top = boost::json::parse(httpGet(port(), "/api/leaderboard?limit=5").body).as_array();
  EXPECT_EQ(top.size(), 5u);
}

TEST_F(ServerTest, ConditionalGetOverTheWire) {
  start();
  auto first = httpGet(port(), "/api/tags?limit=3");
  auto second = httpGet(port(), "/api/tags?limit=3", {{"If-None-Match", first.header("ETag")}});
  EXPECT_EQ(second.status, 304);
  EXPECT_TRUE(second.body.empty());
  EXPECT_FALSE(second.has("Content-Length") && second.header("Content-Length") != "0");
}

TEST_F(ServerTest, KeepAliveAndPipelining) {
  start();
  HttpConnection conn(port());
  conn.send(
      "GET /api/tags?limit=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /api/users/fdurham0 HTTP/1.1\r\nHost: x\r\n\r\n"
      "HEAD /api/leaderboard HTTP/1.1\r\nHost: x\r\n\r\n");
  auto a = conn.read();
  auto b = conn.read();
  auto c = conn.read(true);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->body, R"([{"tag":"GCP","count":13}])");
  EXPECT_EQ(b->status, 200);
  EXPECT_EQ(c->status, 200);
  EXPECT_TRUE(c->body.empty());
  EXPECT_NE(c->header("Content-Length"), "0");  // HEAD tells the GET's length
  conn.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto d = conn.read();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->status, 200);
  EXPECT_TRUE(conn.closedByPeer());
}

TEST_F(ServerTest, OversizeHeadersAre431) {
  start();
  HttpConnection conn(port());
  conn.send("GET /api/tags HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n");
  auto res = conn.read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 431);
  EXPECT_EQ(res->header("Content-Type"), "application/problem+json");
  EXPECT_TRUE(conn.closedByPeer());
}

TEST_F(ServerTest, OversizeBodiesAre413) {
  start();
  HttpConnection conn(port());
  conn.send("POST /api/users HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + std::string(1000, 'x'));
  auto res = conn.read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(res->header("Content-Type"), "application/problem+json");
}

TEST_F(ServerTest, MalformedRequestsAre400AndTheServerKeepsServing) {
  start();
  const std::string bad[] = {
      "GARBAGE\r\n\r\n",
      "GET /api/tags HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
      "POST /api/users HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: "
      "chunked\r\n\r\n0\r\n\r\n",
      "GET /api/tags HTTP/1.1\r\nBad Header\r\n\r\n",
      "POST /api/users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n",
      "GET /api/tags HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
  };
  for (const auto& request : bad) {
    HttpConnection conn(port());
    conn.send(request);
    auto res = conn.read();
    ASSERT_TRUE(res) << request;
    EXPECT_EQ(res->status, 400) << request;
    EXPECT_EQ(res->header("Content-Type"), "application/problem+json");
    EXPECT_TRUE(conn.closedByPeer()) << request;
  }
  EXPECT_EQ(httpGet(port(), "/api/tags?limit=1").status, 200);
}

TEST_F(ServerTest, SlowAndIdleClientsTimeOutWhileOthersAreServed) {
  ServerConfig config;
  config.requestTimeout = 400ms;
  start(config);
  // A slowloris client: starts a request and trickles bytes slower than the timeout allows.
  HttpConnection slow(port());
  slow.send("GET /api/tags HTTP/1.1\r\n");
  std::vector<std::unique_ptr<HttpConnection>> idle;
  for (int i = 0; i < 50; ++i) idle.push_back(std::make_unique<HttpConnection>(port()));
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(100ms);
    slow.send("X");
    EXPECT_EQ(httpGet(port(), "/api/leaderboard?limit=1").status, 200);  // served meanwhile
  }
  EXPECT_TRUE(slow.closedByPeer(2s));
  for (auto& c : idle) EXPECT_TRUE(c->closedByPeer(2s));
  EXPECT_EQ(httpGet(port(), "/healthz").status, 200);
}

TEST_F(ServerTest, AClientThatNeverReadsIsCutOffAfterTheWriteTimeout) {
  ServerConfig config;
  config.writeTimeout = 300ms;
  start(config);
  HttpConnection hog(port());
  std::string many;
  for (int i = 0; i < 400; ++i) many += "GET /api/users HTTP/1.1\r\nHost: x\r\n\r\n";  // ~300 KiB each
  try {
    hog.send(many);
  } catch (const std::exception&) {
    // The server may already have closed the socket: that is the point.
  }
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(httpGet(port(), "/api/tags?limit=1").status, 200);
}

TEST_F(ServerTest, StopClosesIdleConnectionsAndReturns) {
  start();
  HttpConnection idle(port());
  idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(idle.read());
  const auto started = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);  // not the 15 s idle timeout
  EXPECT_TRUE(idle.closedByPeer(1s));
}

TEST_F(ServerTest, ExpectContinueIsHonoured) {
  start();
  HttpConnection conn(port());
  conn.send("GET /api/tags?limit=1 HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
  auto cont = conn.read();
  ASSERT_TRUE(cont);
  EXPECT_EQ(cont->status, 100);
  conn.send("{}");
  auto res = conn.read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

}  // namespace
}  // namespace hdoc::server
