// A Lambda Runtime API (2018-06-01) emulator on a loopback port, for driving the real hdoc binary
// as Lambda would: events are queued here, the runtime fetches them with GET
// /runtime/invocation/next (which blocks while the queue is empty, as Lambda's does), and posts
// /response, /error or /init/error back. Status codes follow the documented API: 202 on accepted
// posts, 400 for an unknown request id, 403 for a post in the wrong state, 413 for a response
// payload over 6 MB, 404 for anything else. Plain POSIX sockets, no Boost or GoogleTest, so the
// benchmark driver can use it as well.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace hdoc::testing {

class RuntimeEmulator {
 public:
  using Clock = std::chrono::steady_clock;

  struct Event {
    std::string payload;    // the event JSON
    std::string requestId;  // generated when empty
    std::string traceId;    // sent as Lambda-Runtime-Trace-Id when not empty
    std::string functionArn = "arn:aws:lambda:us-east-1:123456789012:function:hdoc-backend-dev-Function";
    std::int64_t deadlineMs = 0;  // now + 30 s when 0
  };

  // What the runtime posted for one invocation.
  struct Outcome {
    bool isError = false;         // /error rather than /response
    std::string body;             // the posted payload
    std::string errorTypeHeader;  // Lambda-Runtime-Function-Error-Type, for errors
    Clock::time_point postedAt;
  };

  // What the runtime saw for one invocation when it fetched it (to check headers were honoured).
  struct Delivery {
    std::string requestId;
    Clock::time_point deliveredAt;
  };

  RuntimeEmulator();  // listens on 127.0.0.1, an ephemeral port
  ~RuntimeEmulator();
  RuntimeEmulator(const RuntimeEmulator&) = delete;
  RuntimeEmulator& operator=(const RuntimeEmulator&) = delete;

  // The value for AWS_LAMBDA_RUNTIME_API: "127.0.0.1:PORT".
  std::string endpoint() const;

  // Queues an event; returns its request id.
  std::string enqueue(Event event);
  std::string enqueue(std::string payload);

  // Waits for the runtime's answer to that request id.
  std::optional<Outcome> waitOutcome(const std::string& requestId, std::chrono::milliseconds timeout);
  // Waits for a POST /runtime/init/error.
  std::optional<Outcome> waitInitError(std::chrono::milliseconds timeout);

  // Number of GET /next calls so far, and requests the API does not define (should stay empty).
  int nextCalls() const;
  std::vector<std::string> unexpectedRequests() const;
  // When the first GET /next arrived (end of the runtime's init).
  std::optional<Clock::time_point> firstNextAt() const;

  // Stops serving: blocked /next calls get their connection closed, as when an environment ends.
  void stop();

 private:
  struct Request;
  void acceptLoop();
  void serveConnection(int fd);
  std::string respond(const Request& request, int fd, bool& keepAlive);

  int listenFd_ = -1;
  int wakeFd_[2] = {-1, -1};
  int port_ = 0;
  std::thread acceptThread_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
  std::deque<Event> queue_;
  std::map<std::string, Delivery> inFlight_;
  std::map<std::string, Outcome> outcomes_;
  std::optional<Outcome> initError_;
  std::optional<Clock::time_point> firstNextAt_;
  int nextCalls_ = 0;
  std::uint64_t counter_ = 0;
  std::vector<std::string> unexpected_;
  std::vector<int> connections_;
  std::vector<std::thread> connectionThreads_;
};

}  // namespace hdoc::testing
