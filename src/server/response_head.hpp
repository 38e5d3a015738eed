// HTTP/1.1 response framing (RFC 9112), as pure functions: the status line and fields of a
// transport-neutral http::Response, written into a buffer the connection reuses, so that the
// server sends head and body with one system call and copies the body nowhere.
#pragma once

#include <ctime>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace hdoc::server {

// An IMF-fixdate (RFC 9110 5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string httpDate(std::time_t when);
// The current one, formatted once per second per thread.
std::string_view currentHttpDate();

struct Framing {
  unsigned version = 11;     // 10 or 11, as the request was
  bool keepAlive = true;     // whether the connection stays open after this response
  bool headRequest = false;  // HEAD: the fields of a GET, no body
  std::string_view date;     // the Date field's value
};

// True for statuses that never carry a body or Content-Length (1xx, 204, 304).
bool isBodiless(int status);

// Appends the head of `res` to `out`: status line, Server, Date, the response's own fields,
// Content-Length and, where the connection's fate differs from the version's default, Connection.
// Returns the body bytes that must follow it (none for HEAD and bodiless statuses).
std::string_view appendResponseHead(std::string& out, const http::Response& res, const Framing& framing);

}  // namespace hdoc::server
