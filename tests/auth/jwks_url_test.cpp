// --jwks-url: the keys come from a tiny loopback HTTP server written here (raw sockets) that counts the
// requests, so the cache, the once-a-minute refetch on an unknown kid and the failure paths are observable.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "auth/verifier.hpp"
#include "auth_fixture.hpp"
#include "support/loopback.hpp"

namespace hdoc::auth {
namespace {

using namespace testing;
namespace json = boost::json;

class JwksServer {
 public:
  JwksServer() {
    listener_ = hdoc::testing::listenLoopback(port_);
    thread_ = std::thread([this] { run(); });
  }

  ~JwksServer() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }

  void respond(int status, std::string body) {
    std::lock_guard lock(mutex_);
    status_ = status;
    body_ = std::move(body);
  }
  int requests() const { return requests_; }
  std::string lastRequestLine() const {
    std::lock_guard lock(mutex_);
    return lastRequestLine_;
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/pool/.well-known/jwks.json";
  }

 private:
  void run() {
    while (!stop_) {
      pollfd pfd{listener_, POLLIN, 0};
      if (::poll(&pfd, 1, 20) <= 0) continue;
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) continue;
      serve(client);
      ::close(client);
    }
  }

  void serve(int client) {
    timeval timeout{2, 0};
    ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string request;
    char buffer[4096];
    while (request.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
      if (n <= 0) return;
      request.append(buffer, static_cast<std::size_t>(n));
    }
    std::string response;
    {
      std::lock_guard lock(mutex_);
      lastRequestLine_ = request.substr(0, request.find("\r\n"));
      response = "HTTP/1.1 " + std::to_string(status_) + " Whatever\r\nContent-Type: application/json\r\n" +
                 "Content-Length: " + std::to_string(body_.size()) + "\r\nConnection: close\r\n\r\n" + body_;
    }
    ++requests_;
    std::size_t sent = 0;
    while (sent < response.size()) {
      const ssize_t n = ::send(client, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;  // the client gave up (e.g. the body was too large for it)
      sent += static_cast<std::size_t>(n);
    }
  }

  int listener_ = -1;
  unsigned short port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  mutable std::mutex mutex_;
  int status_ = 200;
  std::string body_;
  std::string lastRequestLine_;
};

class JwksUrlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("NO_PROXY", "127.0.0.1,localhost", 1);  // loopback must never go through a proxy
    server_.respond(200, testing::jwksJson({&poolKey()}));
  }

  TokenVerifier verifier(std::string url = {}) {
    return TokenVerifier(VerifierConfig{kIssuer, kClientId, "", url.empty() ? server_.url() : url, 60},
                         [this] { return now_.load(); });
  }

  static std::string token(const testing::RsaKeyPair& key) {
    return "Bearer " + testing::signToken(key, testing::idTokenClaims(kIssuer, kClientId, {}, kNow, 3600));
  }
  static std::string tokenWithKid(const std::string& kid) {
    const json::object claims = testing::idTokenClaims(kIssuer, kClientId, {}, kNow, 3600);
    return "Bearer " + testing::forgeRs256(poolKey(),
                                           json::serialize(json::object{{"kid", kid}, {"alg", "RS256"}}),
                                           json::serialize(claims));
  }

  JwksServer server_;
  std::atomic<std::int64_t> now_{kNow};
};

TEST_F(JwksUrlTest, FetchesOnFirstUseThenServesFromTheCache) {
  const TokenVerifier v = verifier();
  EXPECT_EQ(server_.requests(), 0);  // nothing fetched at construction
  for (int i = 0; i < 5; ++i) {
    const VerifyResult r = v.verify(token(poolKey()));
    ASSERT_TRUE(std::holds_alternative<core::Principal>(r)) << describe(r);
    now_ += 3600 / 10;
  }
  EXPECT_EQ(server_.requests(), 1);
  EXPECT_EQ(server_.lastRequestLine(), "GET /pool/.well-known/jwks.json HTTP/1.1");
}

TEST_F(JwksUrlTest, UnknownKidRefetchesAtMostOncePerMinute) {
  const TokenVerifier v = verifier();
  ASSERT_TRUE(std::holds_alternative<core::Principal>(v.verify(token(poolKey()))));  // fetch 1 at kNow
  server_.respond(200, testing::jwksJson({&poolKey(), &rotatedPoolKey()}));          // the pool rotates keys

  now_ = kNow + 10;
  EXPECT_TRUE(isError(v.verify(token(rotatedPoolKey())), AuthErrorKind::UnknownKey));
  now_ = kNow + 59;
  EXPECT_TRUE(isError(v.verify(token(rotatedPoolKey())), AuthErrorKind::UnknownKey));
  EXPECT_EQ(server_.requests(), 1);

  now_ = kNow + 60;  // a minute after the last fetch: refetch, and the new key is found
  const VerifyResult rotated = v.verify(token(rotatedPoolKey()));
  EXPECT_TRUE(std::holds_alternative<core::Principal>(rotated)) << describe(rotated);
  EXPECT_EQ(server_.requests(), 2);

  now_ = kNow + 61;
  EXPECT_TRUE(isError(v.verify(tokenWithKid("made-up")), AuthErrorKind::UnknownKey));
  now_ = kNow + 119;
  EXPECT_TRUE(isError(v.verify(tokenWithKid("made-up")), AuthErrorKind::UnknownKey));
  EXPECT_EQ(server_.requests(), 2);
  now_ = kNow + 120;
  EXPECT_TRUE(isError(v.verify(tokenWithKid("made-up")), AuthErrorKind::UnknownKey));
  EXPECT_EQ(server_.requests(), 3);
}

TEST_F(JwksUrlTest, FloodOfMadeUpKidsCausesOneFetchPerMinute) {
  const TokenVerifier v = verifier();
  for (int i = 0; i < 200; ++i) {
    now_ = kNow + i / 4;  // 50 seconds
    EXPECT_TRUE(isError(v.verify(tokenWithKid("kid-" + std::to_string(i))), AuthErrorKind::UnknownKey));
  }
  EXPECT_EQ(server_.requests(), 1);
}

TEST_F(JwksUrlTest, ConcurrentVerificationsShareOneFetch) {
  const TokenVerifier v = verifier();
  const std::string good = token(poolKey());
  const std::string unknown = tokenWithKid("unknown");
  std::atomic<int> accepted{0}, unknownKid{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        const VerifyResult r = v.verify((i + t) % 3 == 0 ? unknown : good);
        if (std::holds_alternative<core::Principal>(r)) {
          ++accepted;
        } else if (std::get<AuthError>(r).kind == AuthErrorKind::UnknownKey) {
          ++unknownKid;
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(accepted + unknownKid, 320);
  EXPECT_EQ(other, 0);
  EXPECT_GT(accepted, 0);
  EXPECT_GT(unknownKid, 0);
  EXPECT_EQ(server_.requests(), 1);
}

TEST_F(JwksUrlTest, ServerErrorMeansKeysUnavailableAndIsAlsoRateLimited) {
  server_.respond(500, "{\"message\":\"oops\"}");
  const TokenVerifier v = verifier();
  const VerifyResult first = v.verify(token(poolKey()));
  ASSERT_TRUE(isError(first, AuthErrorKind::KeysUnavailable));
  EXPECT_NE(std::get<AuthError>(first).detail.find("500"), std::string::npos) << describe(first);
  now_ = kNow + 30;
  EXPECT_TRUE(isError(v.verify(token(poolKey())), AuthErrorKind::KeysUnavailable));
  EXPECT_EQ(server_.requests(), 1);

  server_.respond(200, testing::jwksJson({&poolKey()}));
  now_ = kNow + 60;
  const VerifyResult recovered = v.verify(token(poolKey()));
  EXPECT_TRUE(std::holds_alternative<core::Principal>(recovered)) << describe(recovered);
  EXPECT_EQ(server_.requests(), 2);
}

TEST_F(JwksUrlTest, InvalidDocumentMeansKeysUnavailable) {
  server_.respond(200, "<html>not a jwks</html>");
  const VerifyResult r = verifier().verify(token(poolKey()));
  ASSERT_TRUE(isError(r, AuthErrorKind::KeysUnavailable));
  EXPECT_NE(std::get<AuthError>(r).detail.find("not valid JSON"), std::string::npos) << describe(r);
}

TEST_F(JwksUrlTest, OversizedDocumentIsRefused) {
  server_.respond(200, "{\"keys\":[],\"pad\":\"" + std::string(2 * 1024 * 1024, 'x') + "\"}");
  const VerifyResult r = verifier().verify(token(poolKey()));
  ASSERT_TRUE(isError(r, AuthErrorKind::KeysUnavailable));
  EXPECT_NE(std::get<AuthError>(r).detail.find("1 MiB"), std::string::npos) << describe(r);
}

TEST_F(JwksUrlTest, NothingListeningMeansKeysUnavailable) {
  // A port that was free a moment ago: bind, read it, close.
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ::close(s);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/jwks.json";
  EXPECT_TRUE(isError(verifier(url).verify(token(poolKey())), AuthErrorKind::KeysUnavailable));
}

TEST_F(JwksUrlTest, FailedRefreshKeepsTheKeysItHas) {
  const TokenVerifier v = verifier();
  ASSERT_TRUE(std::holds_alternative<core::Principal>(v.verify(token(poolKey()))));
  server_.respond(503, "");
  now_ = kNow + 60;
  EXPECT_TRUE(isError(v.verify(token(rotatedPoolKey())), AuthErrorKind::UnknownKey));
  EXPECT_EQ(server_.requests(), 2);
  EXPECT_TRUE(std::holds_alternative<core::Principal>(v.verify(token(poolKey()))));
}

TEST_F(JwksUrlTest, RefetchReplacesTheSetSoRetiredKeysStopWorking) {
  const TokenVerifier v = verifier();
  ASSERT_TRUE(std::holds_alternative<core::Principal>(v.verify(token(poolKey()))));
  server_.respond(200, testing::jwksJson({&rotatedPoolKey()}));
  now_ = kNow + 60;
  ASSERT_TRUE(std::holds_alternative<core::Principal>(v.verify(token(rotatedPoolKey()))));
  EXPECT_TRUE(isError(v.verify(token(poolKey())), AuthErrorKind::UnknownKey));
}

TEST_F(JwksUrlTest, PrefetchFetchesNowAndReportsErrors) {
  const TokenVerifier v = verifier();
  EXPECT_EQ(v.prefetchKeys(), std::nullopt);
  EXPECT_EQ(server_.requests(), 1);
  EXPECT_TRUE(std::holds_alternative<core::Principal>(v.verify(token(poolKey()))));
  EXPECT_EQ(server_.requests(), 1);

  server_.respond(404, "");
  now_ = kNow + 60;
  const auto error = v.prefetchKeys();
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("404"), std::string::npos) << *error;
}

}  // namespace
}  // namespace hdoc::auth
