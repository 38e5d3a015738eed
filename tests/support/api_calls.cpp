#include "support/api_calls.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace hdoc::testing {

http::Request apiRequest(std::string method, std::string target, std::vector<http::Header> headers,
                         std::string body) {
  http::Request req;
  req.method = std::move(method);
  req.target = std::move(target);
  req.headers = std::move(headers);
  req.body = std::move(body);
  return req;
}

void expectProblem(const http::Response& res, int status, const std::string& param) {
  EXPECT_EQ(res.status, status) << res.body;
  EXPECT_EQ(res.header("Content-Type"), "application/problem+json") << res.body;
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(res.body, ec);
  ASSERT_FALSE(ec) << "the problem body is not JSON: " << res.body;
  ASSERT_TRUE(parsed.is_object()) << res.body;
  const auto& body = parsed.as_object();
  ASSERT_TRUE(body.contains("status")) << res.body;
  EXPECT_EQ(body.at("status").as_int64(), status);
  EXPECT_TRUE(body.contains("title")) << res.body;
  EXPECT_TRUE(body.contains("detail")) << res.body;
  if (param.empty()) return;
  ASSERT_TRUE(body.contains("invalid-params")) << res.body;
  const auto& params = body.at("invalid-params").as_array();
  ASSERT_FALSE(params.empty()) << res.body;
  EXPECT_EQ(params[0].at("name").as_string(), param) << res.body;
}

}  // namespace hdoc::testing
