#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

#include "core/text.hpp"

namespace hdoc::testing {

std::string HttpResponse::header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (core::asciiEqualsIgnoreCase(k, name)) return v;
  }
  return "";
}

bool HttpResponse::has(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (core::asciiEqualsIgnoreCase(k, name)) return true;
  }
  return false;
}

HttpConnection::HttpConnection(unsigned short port) : fd_(connectLoopback(port)) {
  if (fd_ < 0) throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
}

HttpConnection::~HttpConnection() {
  if (fd_ >= 0) close(fd_);
}

void HttpConnection::send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send failed");
    sent += static_cast<std::size_t>(n);
  }
}

bool HttpConnection::fill(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char buf[65536];
  const ssize_t n = recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) return false;
  buffer_.append(buf, static_cast<std::size_t>(n));
  return true;
}

bool HttpConnection::closedByPeer(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char c;
  return recv(fd_, &c, 1, MSG_PEEK) <= 0;
}

std::optional<HttpResponse> HttpConnection::read(bool headRequest, std::chrono::milliseconds timeout) {
  std::size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill(timeout)) return std::nullopt;
  }
  HttpResponse res;
  const std::string head = buffer_.substr(0, end);
  buffer_.erase(0, end + 4);
  std::size_t lineEnd = head.find("\r\n");
  const std::string statusLine = head.substr(0, lineEnd);
  res.status = std::stoi(statusLine.substr(9, 3));
  while (lineEnd != std::string::npos) {
    const std::size_t start = lineEnd + 2;
    lineEnd = head.find("\r\n", start);
    const std::string line =
        head.substr(start, lineEnd == std::string::npos ? std::string::npos : lineEnd - start);
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    res.headers.emplace_back(line.substr(0, colon), value);
  }
  std::size_t length = 0;
  if (!headRequest && res.status != 204 && res.status != 304 && res.has("Content-Length")) {
    length = std::stoul(res.header("Content-Length"));
  }
  while (buffer_.size() < length) {
    if (!fill(timeout)) return std::nullopt;
  }
  res.body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  return res;
}

HttpResponse httpRequest(unsigned short port, const std::string& method, const std::string& target,
                         const std::map<std::string, std::string>& headers, const std::string& body) {
  HttpConnection conn(port);
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PATCH")
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "Connection: close\r\n\r\n" + body;
  conn.send(req);
  auto res = conn.read(method == "HEAD");
  if (!res) throw std::runtime_error("no response to " + method + " " + target);
  return *res;
}

}  // namespace hdoc::testing
