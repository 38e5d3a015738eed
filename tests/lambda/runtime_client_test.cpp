// The Runtime API loop in-process against the emulator: headers are read, the trace id follows each
// invocation, errors are reported in the documented shape, large payloads go through.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <thread>

#include "lambda/runtime.hpp"
#include "lambda/runtime_client.hpp"
#include "support/runtime_emulator.hpp"

namespace hdoc::lambda {
namespace {

using namespace std::chrono_literals;
using testing::RuntimeEmulator;

std::string traceEnv() {
  const char* v = std::getenv("_X_AMZN_TRACE_ID");
  return v == nullptr ? "<unset>" : v;
}

TEST(RuntimeClient, ReadsEveryInvocationHeader) {
  RuntimeEmulator emulator;
  RuntimeClient client(emulator.endpoint());
  RuntimeEmulator::Event event;
  event.payload = R"({"hello":"world"})";
  event.requestId = "8476a536-e9f4-11e8-9739-2dfe598c3fcd";
  event.traceId = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1";
  event.deadlineMs = 1542409706888;
  emulator.enqueue(event);
  const Invocation invocation = client.next();
  EXPECT_EQ(invocation.requestId, event.requestId);
  EXPECT_EQ(invocation.traceId, event.traceId);
  EXPECT_EQ(invocation.deadlineMs, 1542409706888);
  EXPECT_EQ(invocation.functionArn, event.functionArn);
  EXPECT_EQ(invocation.event, event.payload);
  client.postResponse(invocation.requestId, R"({"ok":true})");
  const auto outcome = emulator.waitOutcome(event.requestId, 5s);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(outcome->isError);
  EXPECT_EQ(outcome->body, R"({"ok":true})");
  EXPECT_TRUE(emulator.unexpectedRequests().empty());
}

TEST(RuntimeClient, ReportsAnUnknownRequestIdAsAFailedPost) {
  RuntimeEmulator emulator;
  RuntimeClient client(emulator.endpoint());
  EXPECT_THROW(client.postResponse("no-such-id", "{}"), std::runtime_error);
}

TEST(RuntimeClient, FailsWhenTheRuntimeApiIsGone) {
  std::string endpoint;
  {
    RuntimeEmulator emulator;
    endpoint = emulator.endpoint();
  }
  RuntimeClient client(endpoint);
  EXPECT_THROW(client.next(), RuntimeApiError);
}

TEST(RuntimeLoop, SetsTheTraceIdForEachInvocationOnly) {
  RuntimeEmulator emulator;
  RuntimeEmulator::Event traced;
  traced.payload = "{}";
  traced.traceId = "Root=1-aaaa;Parent=bbbb;Sampled=1";
  const auto first = emulator.enqueue(traced);
  const auto second = emulator.enqueue(std::string("{}"));  // no trace id
  RuntimeClient client(emulator.endpoint());
  const int rc = serveInvocations(
      client, [](const Invocation&) { return "\"" + traceEnv() + "\""; }, 2);
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(emulator.waitOutcome(first, 5s)->body, "\"Root=1-aaaa;Parent=bbbb;Sampled=1\"");
  EXPECT_EQ(emulator.waitOutcome(second, 5s)->body, "\"<unset>\"");
}

TEST(RuntimeLoop, ReportsHandlerFailuresInTheDocumentedShape) {
  RuntimeEmulator emulator;
  const auto id = emulator.enqueue(std::string("{}"));
  const auto after = emulator.enqueue(std::string("{}"));
  RuntimeClient client(emulator.endpoint());
  int calls = 0;
  serveInvocations(
      client,
      [&calls](const Invocation&) -> std::string {
        if (++calls == 1) throw std::runtime_error("the store said no");
        return "{}";
      },
      2);
  const auto outcome = emulator.waitOutcome(id, 5s);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_TRUE(outcome->isError);
  EXPECT_EQ(outcome->errorTypeHeader, "Runtime.HandlerError");
  const auto body = boost::json::parse(outcome->body);
  EXPECT_EQ(body.at("errorMessage").as_string(), "the store said no");
  EXPECT_EQ(body.at("errorType").as_string(), "Runtime.HandlerError");
  // The loop went on with the next event.
  ASSERT_TRUE(emulator.waitOutcome(after, 5s).has_value());
  EXPECT_FALSE(emulator.waitOutcome(after, 5s)->isError);
}

TEST(RuntimeLoop, PostsLargePayloadsAndSurvivesOnesOverTheLimit) {
  RuntimeEmulator emulator;
  const auto big = emulator.enqueue(std::string("{}"));
  const auto huge = emulator.enqueue(std::string("{}"));
  const auto small = emulator.enqueue(std::string("{}"));
  RuntimeClient client(emulator.endpoint());
  const std::string bigBody = "\"" + std::string(2 * 1024 * 1024, 'x') + "\"";
  const std::string hugeBody = "\"" + std::string(7 * 1024 * 1024, 'x') + "\"";
  int calls = 0;
  const int rc = serveInvocations(
      client,
      [&](const Invocation&) -> std::string {
        ++calls;
        return calls == 1 ? bigBody : calls == 2 ? hugeBody : std::string("{}");
      },
      3);
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(emulator.waitOutcome(big, 5s)->body.size(), bigBody.size());
  EXPECT_FALSE(emulator.waitOutcome(huge, 100ms).has_value());  // 413: lost, as on Lambda
  EXPECT_EQ(emulator.waitOutcome(small, 5s)->body, "{}");
}

TEST(RuntimeLoop, ExitsNonZeroWhenTheEnvironmentGoesAway) {
  RuntimeEmulator emulator;
  RuntimeClient client(emulator.endpoint());
  std::thread stopper([&emulator] {
    while (emulator.nextCalls() == 0) std::this_thread::sleep_for(1ms);
    emulator.stop();
  });
  EXPECT_EQ(serveInvocations(client, [](const Invocation&) { return std::string("{}"); }), 1);
  stopper.join();
}

TEST(RuntimeLoop, InitErrorIsAcceptedOnlyBeforeTheFirstNext) {
  RuntimeEmulator emulator;
  RuntimeClient client(emulator.endpoint());
  client.postInitError({"Runtime.InitError", "no table"});
  const auto outcome = emulator.waitInitError(5s);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->errorTypeHeader, "Runtime.InitError");
  EXPECT_EQ(boost::json::parse(outcome->body).at("errorMessage").as_string(), "no table");

  RuntimeEmulator later;
  RuntimeClient laterClient(later.endpoint());
  later.enqueue(std::string("{}"));
  laterClient.next();
  EXPECT_THROW(laterClient.postInitError({"Runtime.InitError", "too late"}), std::runtime_error);
  EXPECT_FALSE(later.waitInitError(100ms).has_value());
}

}  // namespace
}  // namespace hdoc::lambda
