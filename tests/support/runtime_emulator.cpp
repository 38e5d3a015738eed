#include "support/runtime_emulator.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <stdexcept>
#include <string_view>

#include "support/loopback.hpp"

namespace hdoc::testing {
namespace {

constexpr std::string_view kPrefix = "/2018-06-01/runtime/";
// Lambda refuses a synchronous response payload over 6,291,556 bytes (the Invoke API's documented
// maximum): 413, as the real Runtime API answers.
constexpr std::size_t kMaxResponsePayload = 6'291'556;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool sendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string reasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 202:
      return "Accepted";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 413:
      return "Payload Too Large";
    default:
      return "Error";
  }
}

std::string httpResponse(int status, const std::string& body, const std::string& extraHeaders = {}) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reasonPhrase(status) + "\r\n";
  out += "Content-Type: application/json\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += extraHeaders;
  out += "\r\n";
  out += body;
  return out;
}

std::string errorBody(std::string_view type, std::string_view message) {
  return "{\"errorMessage\":\"" + std::string(message) + "\",\"errorType\":\"" + std::string(type) + "\"}";
}

std::int64_t epochMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct RuntimeEmulator::Request {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

RuntimeEmulator::RuntimeEmulator() {
  unsigned short port = 0;
  listenFd_ = listenLoopback(port);
  port_ = port;
  if (::pipe2(wakeFd_, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  acceptThread_ = std::thread([this] { acceptLoop(); });
}

RuntimeEmulator::~RuntimeEmulator() {
  stop();
  ::close(wakeFd_[0]);
  ::close(wakeFd_[1]);
}

std::string RuntimeEmulator::endpoint() const {
  return "127.0.0.1:" + std::to_string(port_);
}

void RuntimeEmulator::stop() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    for (const int fd : connections_) ::shutdown(fd, SHUT_RDWR);
  }
  changed_.notify_all();
  [[maybe_unused]] auto ignored = ::write(wakeFd_[1], "x", 1);
  if (acceptThread_.joinable()) acceptThread_.join();
  // No new connections either: a runtime that reconnects is refused instead of waiting in the
  // listen backlog for an accept that never comes.
  ::close(listenFd_);
  listenFd_ = -1;
  {
    std::lock_guard lock(mutex_);
    threads.swap(connectionThreads_);
  }
  for (auto& t : threads) t.join();
}

std::string RuntimeEmulator::enqueue(std::string payload) {
  Event event;
  event.payload = std::move(payload);
  return enqueue(std::move(event));
}

std::string RuntimeEmulator::enqueue(Event event) {
  {
    std::lock_guard lock(mutex_);
    if (event.requestId.empty()) {
      char id[64];
      std::snprintf(id, sizeof id, "8476a536-e9f4-11e8-9739-%012llx",
                    static_cast<unsigned long long>(++counter_));
      event.requestId = id;
    }
    if (event.deadlineMs == 0) event.deadlineMs = epochMillis() + 30000;
    queue_.push_back(event);
  }
  changed_.notify_all();
  return event.requestId;
}

std::optional<RuntimeEmulator::Outcome> RuntimeEmulator::waitOutcome(const std::string& requestId,
                                                                     std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!changed_.wait_for(lock, timeout, [&] { return outcomes_.count(requestId) > 0; })) return std::nullopt;
  return outcomes_.at(requestId);
}

std::optional<RuntimeEmulator::Outcome> RuntimeEmulator::waitInitError(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!changed_.wait_for(lock, timeout, [&] { return initError_.has_value(); })) return std::nullopt;
  return initError_;
}

int RuntimeEmulator::nextCalls() const {
  std::lock_guard lock(mutex_);
  return nextCalls_;
}

std::vector<std::string> RuntimeEmulator::unexpectedRequests() const {
  std::lock_guard lock(mutex_);
  return unexpected_;
}

std::optional<RuntimeEmulator::Clock::time_point> RuntimeEmulator::firstNextAt() const {
  std::lock_guard lock(mutex_);
  return firstNextAt_;
}

void RuntimeEmulator::acceptLoop() {
  for (;;) {
    pollfd fds[2] = {{listenFd_, POLLIN, 0}, {wakeFd_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents != 0) return;
    const int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::lock_guard lock(mutex_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    connections_.push_back(fd);
    connectionThreads_.emplace_back([this, fd] { serveConnection(fd); });
  }
}

void RuntimeEmulator::serveConnection(int fd) {
  std::string buffer;
  char chunk[65536];
  bool keepAlive = true;
  while (keepAlive) {
    // Head.
    std::size_t headEnd;
    while ((headEnd = buffer.find("\r\n\r\n")) == std::string::npos) {
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) goto done;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    {
      Request request;
      std::string_view head(buffer.data(), headEnd);
      const auto lineEnd = head.find("\r\n");
      std::string_view requestLine = head.substr(0, lineEnd);
      const auto sp1 = requestLine.find(' ');
      const auto sp2 = requestLine.find(' ', sp1 + 1);
      if (sp1 == std::string_view::npos || sp2 == std::string_view::npos) break;
      request.method = std::string(requestLine.substr(0, sp1));
      request.path = std::string(requestLine.substr(sp1 + 1, sp2 - sp1 - 1));
      std::string_view rest =
          lineEnd == std::string_view::npos ? std::string_view() : head.substr(lineEnd + 2);
      while (!rest.empty()) {
        auto end = rest.find("\r\n");
        std::string_view line = rest.substr(0, end);
        const auto colon = line.find(':');
        if (colon != std::string_view::npos) {
          std::string_view value = line.substr(colon + 1);
          while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
          request.headers[lower(line.substr(0, colon))] = std::string(value);
        }
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 2);
      }
      buffer.erase(0, headEnd + 4);
      if (lower(request.headers["expect"]) == "100-continue") {
        if (!sendAll(fd, "HTTP/1.1 100 Continue\r\n\r\n")) break;
      }
      if (request.headers.count("transfer-encoding") > 0) {
        // The runtime clients in use send Content-Length; chunked bodies are not needed here.
        sendAll(fd, httpResponse(411, errorBody("LengthRequired", "send Content-Length")));
        break;
      }
      const std::size_t length =
          request.headers.count("content-length") ? std::stoul(request.headers["content-length"]) : 0;
      while (buffer.size() < length) {
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) goto done;
        buffer.append(chunk, static_cast<std::size_t>(n));
      }
      request.body = buffer.substr(0, length);
      buffer.erase(0, length);
      if (lower(request.headers["connection"]) == "close") keepAlive = false;
      const std::string reply = respond(request, fd, keepAlive);
      if (reply.empty() || !sendAll(fd, reply)) break;
    }
  }
done:
  std::lock_guard lock(mutex_);
  std::erase(connections_, fd);
  ::close(fd);
}

std::string RuntimeEmulator::respond(const Request& request, int, bool& keepAlive) {
  std::string_view path = request.path;
  if (path.substr(0, kPrefix.size()) != kPrefix) {
    std::lock_guard lock(mutex_);
    unexpected_.push_back(request.method + " " + request.path);
    return httpResponse(404, errorBody("NotFound", "unknown path"));
  }
  path.remove_prefix(kPrefix.size());

  if (request.method == "GET" && path == "invocation/next") {
    std::unique_lock lock(mutex_);
    ++nextCalls_;
    if (!firstNextAt_) firstNextAt_ = Clock::now();
    changed_.notify_all();
    changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) {
      keepAlive = false;
      return {};  // the environment goes away: the connection just closes
    }
    Event event = std::move(queue_.front());
    queue_.pop_front();
    inFlight_[event.requestId] = Delivery{event.requestId, Clock::now()};
    std::string headers = "Lambda-Runtime-Aws-Request-Id: " + event.requestId + "\r\n";
    headers += "Lambda-Runtime-Deadline-Ms: " + std::to_string(event.deadlineMs) + "\r\n";
    headers += "Lambda-Runtime-Invoked-Function-Arn: " + event.functionArn + "\r\n";
    if (!event.traceId.empty()) headers += "Lambda-Runtime-Trace-Id: " + event.traceId + "\r\n";
    return httpResponse(200, event.payload, headers);
  }

  if (request.method == "POST" && path == "init/error") {
    std::lock_guard lock(mutex_);
    if (nextCalls_ > 0) return httpResponse(403, errorBody("InvalidStateTransition", "init already done"));
    Outcome outcome{true, request.body, "", Clock::now()};
    if (auto it = request.headers.find("lambda-runtime-function-error-type"); it != request.headers.end()) {
      outcome.errorTypeHeader = it->second;
    }
    initError_ = outcome;
    changed_.notify_all();
    return httpResponse(202, "{\"status\":\"OK\"}");
  }

  if (request.method == "POST" && path.substr(0, 11) == "invocation/") {
    std::string_view rest = path.substr(11);
    const auto slash = rest.find('/');
    const std::string id(rest.substr(0, slash));
    const std::string_view action = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
    if (action != "response" && action != "error") {
      std::lock_guard lock(mutex_);
      unexpected_.push_back(request.method + " " + request.path);
      return httpResponse(404, errorBody("NotFound", "unknown path"));
    }
    std::lock_guard lock(mutex_);
    if (outcomes_.count(id) > 0) {
      return httpResponse(403, errorBody("InvalidStateTransition", "invocation already answered"));
    }
    if (inFlight_.count(id) == 0)
      return httpResponse(400, errorBody("InvalidRequestID", "unknown request id"));
    if (action == "response" && request.body.size() > kMaxResponsePayload) {
      return httpResponse(413, errorBody("RequestEntityTooLarge", "response payload over 6 MB"));
    }
    Outcome outcome{action == "error", request.body, "", Clock::now()};
    if (auto it = request.headers.find("lambda-runtime-function-error-type"); it != request.headers.end()) {
      outcome.errorTypeHeader = it->second;
    }
    inFlight_.erase(id);
    outcomes_[id] = outcome;
    changed_.notify_all();
    return httpResponse(202, "{\"status\":\"OK\"}");
  }

  std::lock_guard lock(mutex_);
  unexpected_.push_back(request.method + " " + request.path);
  return httpResponse(404, errorBody("NotFound", "unknown path"));
}

}  // namespace hdoc::testing
