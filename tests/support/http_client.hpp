// A deliberately simple HTTP/1.1 client over a real loopback socket: it sends exactly the bytes a
// test gives (including malformed ones) and parses what comes back.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/loopback.hpp"

namespace hdoc::testing {

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // First header with this name (case-insensitive), or "" when absent.
  std::string header(const std::string& name) const;
  bool has(const std::string& name) const;
};

class HttpConnection {
 public:
  explicit HttpConnection(unsigned short port);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  void send(const std::string& bytes);
  // Reads one response; nullopt when the server closed the connection (or timed out) first.
  // `headRequest`: the response to HEAD has no body whatever Content-Length says.
  std::optional<HttpResponse> read(bool headRequest = false,
                                   std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  // True when the server has closed the connection (read returns EOF within the timeout).
  bool closedByPeer(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  int fd() const { return fd_; }

 private:
  bool fill(std::chrono::milliseconds timeout);
  int fd_ = -1;
  std::string buffer_;
};

// One request on a fresh connection. `headers` are added after Host.
HttpResponse httpRequest(unsigned short port, const std::string& method, const std::string& target,
                         const std::map<std::string, std::string>& headers = {},
                         const std::string& body = "");

inline HttpResponse httpGet(unsigned short port, const std::string& target,
                            const std::map<std::string, std::string>& headers = {}) {
  return httpRequest(port, "GET", target, headers);
}

}  // namespace hdoc::testing
