#include "server/response_head.hpp"

#include <charconv>
#include <ostream>  // before Beast's status.hpp, whose string_view needs it complete

#include <boost/beast/http/status.hpp>

namespace hdoc::server {

std::string httpDate(std::time_t when) {
  std::tm tm{};
  gmtime_r(&when, &tm);
  char buf[64];
  const std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

std::string_view currentHttpDate() {
  thread_local std::time_t second = -1;
  thread_local std::string text;
  const std::time_t now = std::time(nullptr);
  if (now != second) {
    text = httpDate(now);
    second = now;
  }
  return text;
}

bool isBodiless(int status) {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

namespace {

void appendNumber(std::string& out, std::size_t n) {
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
  out.append(buf, end);
}

void appendField(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

}  // namespace

std::string_view appendResponseHead(std::string& out, const http::Response& res, const Framing& framing) {
  namespace bhttp = boost::beast::http;
  out.append(framing.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  appendNumber(out, static_cast<std::size_t>(res.status));
  out.push_back(' ');
  const auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(res.status));
  out.append(reason.data(), reason.size());
  out.append("\r\n");
  appendField(out, "Server", "hdoc");
  appendField(out, "Date", framing.date);
  for (const auto& h : res.headers) appendField(out, h.name, h.value);
  const bool bodiless = isBodiless(res.status);
  if (!bodiless) {
    out.append("Content-Length: ");
    appendNumber(out, res.body.size());
    out.append("\r\n");
  }
  // HTTP/1.1 connections persist unless closed; HTTP/1.0 ones close unless kept alive.
  if (framing.version >= 11 && !framing.keepAlive) appendField(out, "Connection", "close");
  if (framing.version < 11 && framing.keepAlive) appendField(out, "Connection", "keep-alive");
  out.append("\r\n");
  if (bodiless || framing.headRequest) return {};
  return res.body;
}

}  // namespace hdoc::server
