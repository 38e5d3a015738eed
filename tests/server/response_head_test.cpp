// HTTP/1.1 response framing as the server writes it, without a socket.
#include "server/response_head.hpp"

#include <gtest/gtest.h>

namespace hdoc::server {
namespace {

http::Response json(int status, std::string body) {
  http::Response res;
  res.status = status;
  res.body = std::move(body);
  res.set("Content-Type", "application/json");
  return res;
}

std::string frame(const http::Response& res, Framing framing, std::string_view* body = nullptr) {
  std::string out = "left ";  // appended to, not replaced
  const auto rest = appendResponseHead(out, res, framing);
  if (body) *body = rest;
  return out;
}

TEST(ResponseHead, Http11KeepAliveCarriesLengthAndNoConnectionField) {
  const auto res = json(200, "[1,2]");
  std::string_view body;
  EXPECT_EQ(frame(res, {11, true, false, "Sat, 28 Nov 2026 01:02:03 GMT"}, &body),
            "left HTTP/1.1 200 OK\r\n"
            "Server: hdoc\r\n"
            "Date: Sat, 28 Nov 2026 01:02:03 GMT\r\n"
            "Content-Type: application/json\r\n"
            "Content-Length: 5\r\n"
            "\r\n");
  EXPECT_EQ(body, "[1,2]");
  EXPECT_EQ(body.data(), res.body.data());  // the body itself, not a copy
}

TEST(ResponseHead, ConnectionFieldOnlyWhereTheVersionsDefaultDiffers) {
  const auto res = json(200, "{}");
  EXPECT_NE(frame(res, {11, false, false, "d"}).find("\r\nConnection: close\r\n"), std::string::npos);
  EXPECT_NE(frame(res, {10, true, false, "d"}).find("\r\nConnection: keep-alive\r\n"), std::string::npos);
  EXPECT_EQ(frame(res, {10, false, false, "d"}).find("Connection"), std::string::npos);
  EXPECT_EQ(frame(res, {10, false, false, "d"}).rfind("left HTTP/1.0 200 OK\r\n", 0), 0u);
}

TEST(ResponseHead, HeadGetsTheLengthOfTheBodyItDoesNotGet) {
  std::string_view body = "unset";
  const auto head = frame(json(200, "0123456789"), {11, true, true, "d"}, &body);
  EXPECT_NE(head.find("Content-Length: 10\r\n"), std::string::npos);
  EXPECT_TRUE(body.empty());
}

TEST(ResponseHead, BodilessStatusesHaveNoLengthAndNoBody) {
  for (int status : {100, 204, 304}) {
    std::string_view body = "unset";
    const auto head = frame(json(status, "ignored"), {11, true, false, "d"}, &body);
    EXPECT_EQ(head.find("Content-Length"), std::string::npos) << status;
    EXPECT_TRUE(body.empty()) << status;
  }
  EXPECT_NE(frame(json(404, ""), {11, true, false, "d"}).find("Content-Length: 0\r\n"), std::string::npos);
}

TEST(ResponseHead, ReasonPhrasesOfTheStatusesHdocSends) {
  const std::pair<int, std::string_view> expected[] = {
      {201, "201 Created"},
      {304, "304 Not Modified"},
      {400, "400 Bad Request"},
      {405, "405 Method Not Allowed"},
      {413, "413 Payload Too Large"},
      {429, "429 Too Many Requests"},
      {431, "431 Request Header Fields Too Large"},
      {503, "503 Service Unavailable"},
  };
  for (const auto& [status, line] : expected) {
    EXPECT_NE(frame(json(status, ""), {11, true, false, "d"}).find(line), std::string::npos) << status;
  }
}

TEST(ResponseHead, DatesAreImfFixdate) {
  EXPECT_EQ(httpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(httpDate(1795741323), "Fri, 27 Nov 2026 01:02:03 GMT");
  EXPECT_EQ(currentHttpDate().size(), 29u);
  EXPECT_EQ(currentHttpDate().substr(26), "GMT");
}

}  // namespace
}  // namespace hdoc::server
