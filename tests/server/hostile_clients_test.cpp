// Hostile clients against the real Beast server over loopback, many at once: slowloris crowds, clients
// that never read, 10,000 idle connections, request smuggling attempts, oversize heads streamed without
// end, pipelined garbage. Throughout, a well-behaved client must keep being served (checked), and
// afterwards the server must give back what the attack took: its file descriptors (/proc/self/fd:
// the server runs in this process) and its memory (VmRSS, after malloc_trim, with a tolerance).
// server_test.cpp covers the single-connection basics (one oversize header, one malformed request,
// one slow client); these tests are about crowds and about ambiguity.
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/seed.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define HDOC_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define HDOC_SANITIZED 1
#endif
#endif

namespace hdoc::server {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::HttpConnection;
using testing::httpGet;

// Descriptors the process may hold beyond the baseline once an attack is over (the SQLite
// connections of server threads that served their first request meanwhile, a journal).
constexpr int kFdSlack = 8;
// Resident memory the process may keep after an attack: pages glibc keeps for reuse, the response cache.
constexpr long kRssSlackKb = 24 * 1024;
// Heap in use (malloc'd and not freed) the process may keep after an attack. Asio keeps one pooled
// descriptor state (~300 bytes) per socket it has ever had open at once, for reuse: 10,000 connections
// leave ~3 MiB of it. A leak of a few hundred bytes per connection over 10,000 would exceed it.
constexpr long kHeapSlackKb = 6 * 1024;

int openFds() {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n - 1;  // the directory iterator's own descriptor
}

long rssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

struct Usage {
  int fds;
  long rssKb;
  long heapKb;  // malloc'd and not freed, in every arena
};

Usage usageNow() {
  malloc_trim(0);  // give back what glibc can
  const auto heap = mallinfo2();
  return {openFds(), rssKb(), static_cast<long>((heap.uordblks + heap.hblkhd) / 1024)};
}

// A raw loopback socket, blocking or not, closed on destruction.
class RawSocket {
 public:
  RawSocket(unsigned short port, bool nonBlocking = false) : fd_(testing::connectLoopback(port)) {
    if (fd_ < 0) throw std::runtime_error("cannot connect");
    if (nonBlocking) fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK);
  }
  ~RawSocket() { close(fd_); }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  // Sends what the socket takes without blocking; false once the peer has gone.
  bool trySend(std::string_view bytes, std::size_t* sent = nullptr) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent) *sent = n > 0 ? static_cast<std::size_t>(n) : 0;
    return n >= 0 || errno == EAGAIN || errno == EWOULDBLOCK;
  }
  // Reads everything available until the peer closes or `timeout` passes; true when it closed.
  bool drainUntilClosed(std::chrono::milliseconds timeout, std::string* into = nullptr) {
    const auto deadline = Clock::now() + timeout;
    char buf[65536];
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left <= 0ms) return false;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      const ssize_t n = recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) return true;
      if (n > 0 && into) into->append(buf, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_ = -1;
};

// The status codes of every response in `bytes` (responses start with "HTTP/1.1 " or "HTTP/1.0 ").
std::vector<int> statusesIn(const std::string& bytes) {
  std::vector<int> out;
  for (std::size_t at = bytes.find("HTTP/1."); at != std::string::npos; at = bytes.find("HTTP/1.", at + 1)) {
    if (at == 0 || bytes.compare(at - 2, 2, "\r\n") == 0 || bytes.compare(at - 1, 1, "}") == 0 ||
        bytes.compare(at - 1, 1, "]") == 0) {
      out.push_back(std::stoi(bytes.substr(at + 9, 3)));
    }
  }
  return out;
}

class HostileClients : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<store::SqliteStore>(dir_.file("hostile.db"));
    // Enough journeyers that GET /users is a ~0.5 MiB response (for the client that never reads).
    core::DemoData demo({.users = 2000, .articles = 300, .seed = 3});
    std::vector<core::User> users;
    for (std::size_t i = 0; i < 2000; ++i) users.push_back(demo.user(i));
    store_->upsertUsers(users);
    std::vector<core::Article> articles;
    for (std::size_t i = 0; i < 300; ++i) articles.push_back(demo.article(i));
    store_->upsertArticles(articles);
  }

  void start(ServerConfig config = {}) {
    server_ = std::make_unique<testing::TestServer>(*store_, http::ApiConfig{}, config);
    // Warm up: every server thread opens its SQLite connection, the response cache fills.
    for (int i = 0; i < 20; ++i) {
      ASSERT_EQ(httpGet(port(), "/api/leaderboard?limit=3").status, 200);
      ASSERT_EQ(httpGet(port(), "/api/users").status, 200);
    }
    baseline_ = usageNow();
  }
  unsigned short port() const { return server_->port(); }

  // The well-behaved client: a fresh connection and a read that must succeed, now.
  void expectServed(const char* during) {
    const auto started = Clock::now();
    HttpConnection conn(port());
    conn.send("GET /api/leaderboard?limit=3 HTTP/1.1\r\nHost: x\r\n\r\n");
    auto res = conn.read(false, 5000ms);
    ASSERT_TRUE(res) << "no answer to a well-behaved client during " << during;
    EXPECT_EQ(res->status, 200) << during;
    // Not a performance assertion: only "not starved", with a bound far above any normal latency.
    EXPECT_LT(Clock::now() - started, 3s) << during;
  }

  // Waits (up to 10 s) until the process holds at most `extraFds` descriptors above the baseline.
  void expectFdsBack(int extraFds = 0) {
    const auto deadline = Clock::now() + 10s;
    int fds = openFds();
    while (fds > baseline_.fds + extraFds + kFdSlack && Clock::now() < deadline) {
      std::this_thread::sleep_for(50ms);
      fds = openFds();
    }
    EXPECT_LE(fds, baseline_.fds + extraFds + kFdSlack) << "baseline " << baseline_.fds << " + " << extraFds;
  }

  // Descriptors back to the baseline, the server still serving, and the memory given back: heap in use
  // within kHeapSlackKb of the baseline, resident memory within `rssSlackKb`. Returns the usage.
  Usage expectBackToBaseline(const char* test, long rssSlackKb = kRssSlackKb) {
    expectFdsBack();
    expectServed("at the end");
    const Usage after = usageNow();
    ::testing::Test::RecordProperty("fds_before", baseline_.fds);
    ::testing::Test::RecordProperty("fds_after", after.fds);
    ::testing::Test::RecordProperty("rss_kb_before", static_cast<int>(baseline_.rssKb));
    ::testing::Test::RecordProperty("rss_kb_after", static_cast<int>(after.rssKb));
    std::printf("[ figures  ] %s: fds %d -> %d, VmRSS %ld -> %ld KiB, heap in use %ld -> %ld KiB\n", test,
                baseline_.fds, after.fds, baseline_.rssKb, after.rssKb, baseline_.heapKb, after.heapKb);
#ifndef HDOC_SANITIZED
    // Sanitizers have their own allocator and keep freed memory in quarantine; there, leaks are
    // LeakSanitizer's job.
    EXPECT_LE(after.heapKb, baseline_.heapKb + kHeapSlackKb) << "heap in use after " << test;
    EXPECT_LE(after.rssKb, baseline_.rssKb + rssSlackKb) << "resident memory after " << test;
#else
    (void)rssSlackKb;
#endif
    return after;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<testing::TestServer> server_;
  Usage baseline_{};
};

TEST_F(HostileClients, ASlowlorisCrowdIsCutOffWhileOthersAreServed) {
  ServerConfig config;
  config.requestTimeout = 1500ms;
  start(config);
  // 300 connections trickle a byte every 100 ms: half into the request head, half into a body whose
  // head promised 1000 bytes. Each stays far below any size limit; only the time limit can stop them.
  constexpr int kSlow = 300;
  std::vector<std::unique_ptr<RawSocket>> slow;
  for (int i = 0; i < kSlow; ++i) {
    slow.push_back(std::make_unique<RawSocket>(port(), true));
    slow.back()->trySend(i % 2
                             ? "GET /api/tags HTTP/1.1\r\nHost: x\r\nX-Slow: "
                             : "POST /api/articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                               "Content-Length: 1000\r\n\r\n{\"title\":\"");
  }
  std::vector<bool> open(kSlow, true);
  const auto started = Clock::now();
  int round = 0;
  while (Clock::now() - started < 3s) {
    for (int i = 0; i < kSlow; ++i) {
      if (open[i] && !slow[i]->trySend("a")) open[i] = false;
    }
    if (++round % 5 == 0) expectServed("a slowloris crowd");
    std::this_thread::sleep_for(100ms);
  }
  // 3 s is twice the request timeout: every trickler must have been cut off by now, without an answer
  // (a timeout has nobody to answer).
  for (int i = 0; i < kSlow; ++i) {
    std::string got;
    EXPECT_TRUE(slow[i]->drainUntilClosed(2s, &got)) << "slow connection " << i << " still open";
    EXPECT_EQ(got.find("200 OK"), std::string::npos);
  }
  slow.clear();
  expectServed("after the slowloris crowd");
  expectBackToBaseline("slowloris crowd");
}

TEST_F(HostileClients, ClientsThatNeverReadAreDroppedAndTheirBuffersFreed) {
  ServerConfig config;
  config.writeTimeout = 500ms;
  start(config);
  // 20 connections each pipeline 100 requests for the 0.5 MiB user list and never read a byte: the
  // server can write a few hundred KiB into each socket buffer, then its writes stall.
  constexpr int kHogs = 20;
  std::string pipeline;
  for (int i = 0; i < 100; ++i) pipeline += "GET /api/users HTTP/1.1\r\nHost: x\r\n\r\n";
  std::vector<std::unique_ptr<RawSocket>> hogs;
  for (int i = 0; i < kHogs; ++i) {
    hogs.push_back(std::make_unique<RawSocket>(port(), true));
    hogs.back()->trySend(pipeline);
  }
  for (int i = 0; i < 5; ++i) {
    expectServed("clients that never read");
    std::this_thread::sleep_for(100ms);
  }
  // The hogs' sockets are still open on our side; the server's ends must be closed by the write
  // timeout, so the process holds only our kHogs descriptors above the baseline.
  expectFdsBack(kHogs);
  hogs.clear();
  expectServed("after the clients that never read");
  expectBackToBaseline("never-reading clients");
}

// Opens `count` idle connections in a child process (so that this process, which runs the server,
// needs descriptors only for the server's ends), reports how many it holds, and keeps them until
// told to go.
class IdleCrowd {
 public:
  IdleCrowd(unsigned short port, int count) {
    int report[2], command[2];
    if (pipe(report) != 0 || pipe(command) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ == 0) {
      // The child: keep only the two pipe ends, so that it holds no copy of the server's sockets.
      dup2(report[1], 3);
      dup2(command[0], 4);
      close_range(5, ~0U, 0);
      rlimit lim{};
      getrlimit(RLIMIT_NOFILE, &lim);
      lim.rlim_cur = lim.rlim_max;
      setrlimit(RLIMIT_NOFILE, &lim);
      int opened = 0;
      for (int i = 0; i < count; ++i) {
        if (testing::connectLoopback(port) < 0) break;
        ++opened;
      }
      (void)!write(3, &opened, sizeof opened);
      char c;
      (void)!read(4, &c, 1);  // EOF when the parent lets go
      _exit(0);
    }
    close(report[1]);
    close(command[0]);
    reportFd_ = report[0];
    commandFd_ = command[1];
  }
  // How many connections the child opened; -1 when it did not say within the timeout.
  int opened(std::chrono::milliseconds timeout) {
    pollfd p{reportFd_, POLLIN, 0};
    int n = -1;
    if (poll(&p, 1, static_cast<int>(timeout.count())) == 1 && read(reportFd_, &n, sizeof n) != sizeof n)
      n = -1;
    return n;
  }
  // Closes every connection at once (the child exits).
  void release() {
    if (pid_ <= 0) return;
    close(commandFd_);
    close(reportFd_);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  ~IdleCrowd() { release(); }

 private:
  pid_t pid_ = -1;
  int reportFd_ = -1;
  int commandFd_ = -1;
};

TEST_F(HostileClients, TenThousandIdleConnectionsAreHeldAndReleased) {
#ifdef HDOC_SANITIZED
  // Sanitized builds accept an order of magnitude slower; they are here for memory and race errors,
  // the release build for the 10,000.
  constexpr int kIdle = 2000;
#else
  constexpr int kIdle = 10000;
#endif
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  if (lim.rlim_max < static_cast<rlim_t>(kIdle + 1000)) {
    GTEST_SKIP() << "RLIMIT_NOFILE hard limit " << lim.rlim_max << " is below " << kIdle + 1000;
  }
  lim.rlim_cur = lim.rlim_max;  // the server raises its own limit too; do not depend on it
  setrlimit(RLIMIT_NOFILE, &lim);
  ServerConfig config;
  config.requestTimeout = 30s;  // they stay until the client lets go, not until a timeout
  start(config);

  // Two waves: the first shows the server holds 10,000 and gives them back; the second, that what the
  // first left behind (glibc keeps the freed pages of the server threads' arenas, pinned by Asio's
  // pooled descriptor states) is reused, not added to.
  Usage afterWave[2]{};
  for (int wave = 0; wave < 2; ++wave) {
    IdleCrowd crowd(port(), kIdle);
    ASSERT_EQ(crowd.opened(25s), kIdle);
    // The server accepts them all (one descriptor each) and still serves.
    const auto deadline = Clock::now() + 10s;
    // (The baseline may still count a warm-up connection the server had not closed yet.)
    while (openFds() < baseline_.fds + kIdle - kFdSlack && Clock::now() < deadline) {
      std::this_thread::sleep_for(50ms);
    }
    EXPECT_GE(openFds(), baseline_.fds + kIdle - kFdSlack);
    for (int i = 0; i < 20; ++i) expectServed("the idle crowd");
    const Usage held = usageNow();
    std::printf(
        "[ figures  ] wave %d, %d idle connections held: fds %d, VmRSS %ld KiB, heap in use %ld KiB "
        "(%.1f KiB per connection)\n",
        wave + 1, kIdle, held.fds, held.rssKb, held.heapKb,
        static_cast<double>(held.heapKb - baseline_.heapKb) / kIdle);
    crowd.release();
    // The first wave may leave resident pages behind for reuse (measured: ~40 MiB), never heap in use.
    afterWave[wave] = expectBackToBaseline(wave ? "idle crowd, wave 2" : "idle crowd, wave 1", 64 * 1024);
  }
#ifndef HDOC_SANITIZED
  EXPECT_LE(afterWave[1].rssKb, afterWave[0].rssKb + 4 * 1024) << "the second wave grew resident memory";
  EXPECT_LE(afterWave[1].heapKb, afterWave[0].heapKb + 1024) << "the second wave grew the heap";
#endif
}

// Each request is ambiguous about where it ends. Behind it comes a second, "smuggled" request: if the
// server ever answers that one, a proxy in front of it that read the first request differently would
// have been bypassed. RFC 9112 sections 6.1 and 6.3: such a request is answered with 400 and the
// connection closed.
TEST_F(HostileClients, RequestSmugglingAttemptsAreRefusedAndTheConnectionClosed) {
  start();
  const std::string smuggled = "GET /api/users/SMUGGLED HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string post = "POST /api/articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
  struct Attempt {
    const char* name;
    std::string bytes;
  };
  const Attempt attempts[] = {
      {"TE then CL", post + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n"},
      {"CL then TE, CL covers the smuggled request",
       post + "Content-Length: " + std::to_string(5 + smuggled.size()) +
           "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
      {"CL then CL",
       post + "Content-Length: 0\r\nContent-Length: " + std::to_string(smuggled.size()) + "\r\n\r\n"},
      {"CL list", post + "Content-Length: 0, " + std::to_string(smuggled.size()) + "\r\n\r\n"},
      {"CL with a sign", post + "Content-Length: +0\r\n\r\n"},
      {"CL in hex", post + "Content-Length: 0x0\r\n\r\n"},
      {"TE chunked, identity", post + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"},
      {"TE identity", post + "Transfer-Encoding: identity\r\nContent-Length: 0\r\n\r\n"},
      {"TE chunked twice",
       post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
      {"TE chunked then identity header",
       post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n"},
      {"TE unknown coding", post + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"},
      {"TE obs-fold", post + "Transfer-Encoding: identity\r\n chunked\r\n\r\n0\r\n\r\n"},
      {"TE space before colon", post + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n"},
      {"chunk size overflow", post + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFFF\r\n"},
      {"chunk longer than its size", post + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}XX\r\n0\r\n\r\n"},
      {"NUL in a header", post + std::string("X-A: a\0b\r\nContent-Length: 0\r\n\r\n", 31)},
      {"CR without LF in a header", post + "X-A: a\rContent-Length: 0\r\n\r\n"},
  };
  for (const auto& attempt : attempts) {
    SCOPED_TRACE(attempt.name);
    RawSocket conn(port());
    conn.trySend(attempt.bytes + smuggled);
    std::string got;
    EXPECT_TRUE(conn.drainUntilClosed(3s, &got)) << "connection left open";
    EXPECT_EQ(got.find("SMUGGLED"), std::string::npos) << "the smuggled request was answered:\n" << got;
    const auto statuses = statusesIn(got);
    EXPECT_EQ(statuses.size(), 1u) << got;
    if (!statuses.empty()) {
      EXPECT_TRUE(statuses[0] == 400 || statuses[0] == 501) << got;
    }
  }
  // Requests that are odd but unambiguous are served or refused, never split.
  const Attempt tolerated[] = {
      {"bare LF line ends", "GET /api/tags?limit=1 HTTP/1.1\nHost: x\n\n"},
      {"obs-fold in another header", "GET /api/tags?limit=1 HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n"},
      {"equal CLs", post + "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}"},
      {"HTTP/1.0 with TE", "POST /api/articles HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
  };
  for (const auto& attempt : tolerated) {
    SCOPED_TRACE(attempt.name);
    RawSocket conn(port());
    conn.trySend(attempt.bytes + "GET /api/users/SMUGGLED HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    std::string got;
    conn.drainUntilClosed(3s, &got);
    const auto statuses = statusesIn(got);
    ASSERT_GE(statuses.size(), 1u) << got;
    // Either the first request's framing was refused (400) and the connection closed (nothing more),
    // or both were read as the client framed them: the second is an honest 404 for a journeyer
    // called SMUGGLED.
    if (statuses[0] == 400) {
      EXPECT_EQ(statuses.size(), 1u) << got;
    } else {
      EXPECT_LE(statuses.size(), 2u) << got;
    }
  }
  expectServed("after the smuggling attempts");
  expectBackToBaseline("smuggling attempts");
}

TEST_F(HostileClients, OversizeHeadsStreamedWithoutEndAreCutAt431) {
  start();
  {  // Many small headers, and one huge request target.
    std::string many = "GET /api/tags HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 1000; ++i) many += "X-H" + std::to_string(i) + ": aaaaaaaaaa\r\n";
    HttpConnection a(port());
    a.send(many + "\r\n");
    auto res = a.read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 431);
    HttpConnection b(port());
    b.send("GET /api/tags?x=" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
    res = b.read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 431);
  }
  // 32 clients at once each try to stream 4 MiB of header bytes that never end: the server must stop
  // reading at its 16 KiB limit, answer 431 and close, never buffering the rest.
  constexpr int kClients = 32;
  std::vector<std::unique_ptr<RawSocket>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<RawSocket>(port(), true));
    clients.back()->trySend("GET /api/tags HTTP/1.1\r\nHost: x\r\nX-Endless: ");
  }
  const std::string chunk(64 * 1024, 'z');
  std::vector<std::size_t> sent(kClients, 0);
  std::vector<bool> open(kClients, true);
  const auto started = Clock::now();
  while (Clock::now() - started < 3s) {
    bool any = false;
    for (int i = 0; i < kClients; ++i) {
      std::size_t n = 0;
      if (open[i] && sent[i] < 4u << 20) {
        open[i] = clients[i]->trySend(chunk, &n);
        sent[i] += n;
        any = any || open[i];
      }
    }
    if (!any) break;
    std::this_thread::sleep_for(10ms);
  }
  expectServed("endless request heads");
  for (int i = 0; i < kClients; ++i) {
    std::string got;
    EXPECT_TRUE(clients[i]->drainUntilClosed(3s, &got)) << "client " << i;
    // The 431 may be lost to a reset when the server closes with our bytes unread; when it arrives it
    // must be the only response.
    const auto statuses = statusesIn(got);
    EXPECT_LE(statuses.size(), 1u);
    if (!statuses.empty()) {
      EXPECT_EQ(statuses[0], 431);
    }
    EXPECT_LT(sent[i], 4u << 20) << "the server took 4 MiB of header from client " << i;
  }
  clients.clear();
  expectBackToBaseline("endless request heads");
}

TEST_F(HostileClients, PipelinedGarbageEndsTheConnectionAfterTheLastGoodRequest) {
  start();
  {  // A good request, then a TLS ClientHello where the next request should be, then another good one.
    RawSocket conn(port());
    conn.trySend(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n") +
                 "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + std::string(64, '\x7f') +
                 "\r\n\r\nGET /api/tags HTTP/1.1\r\nHost: x\r\n\r\n");
    std::string got;
    EXPECT_TRUE(conn.drainUntilClosed(3s, &got));
    EXPECT_EQ(statusesIn(got), (std::vector<int>{200, 400})) << got;
  }
  // 64 connections of deterministic random bytes, each 64 KiB, half of them after a good request,
  // all at once.
  std::mt19937 random(20261127);
  constexpr int kConns = 64;
  std::vector<std::unique_ptr<RawSocket>> conns;
  std::vector<bool> prefixed;
  for (int i = 0; i < kConns; ++i) {
    std::string bytes = i % 2 ? "GET /api/leaderboard?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n" : "";
    const std::size_t junk = 64 * 1024;
    for (std::size_t k = 0; k < junk; ++k) {
      // Mostly printable with line ends sprinkled in, so the parser gets past the first line sometimes.
      const auto r = random();
      bytes.push_back(r % 17 == 0   ? '\n'
                      : r % 19 == 0 ? '\r'
                      : r % 3 == 0  ? static_cast<char>(r >> 8)
                                    : "GET /: HTP1.\r"[r % 13]);
    }
    conns.push_back(std::make_unique<RawSocket>(port(), true));
    conns.back()->trySend(bytes);
    prefixed.push_back(i % 2);
  }
  expectServed("pipelined garbage");
  for (int i = 0; i < kConns; ++i) {
    std::string got;
    EXPECT_TRUE(conns[i]->drainUntilClosed(5s, &got)) << "connection " << i;
    for (int status : statusesIn(got)) {
      EXPECT_TRUE(status == 200 || status == 400 || status == 404 || status == 405 || status == 413 ||
                  status == 431 || status == 505)
          << "connection " << i << ": " << status;
    }
  }
  conns.clear();
  expectServed("after the pipelined garbage");
  expectBackToBaseline("pipelined garbage");
}

}  // namespace
}  // namespace hdoc::server
