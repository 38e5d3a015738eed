// The Lambda host's metrics: CloudWatch Embedded Metric Format documents, checked against the
// specification's rules (support/emf_check, written from the EMF specification, not from
// src/lambda/emf), first as built, then as the real hdoc binary writes them on stdout while the
// Runtime API emulator drives it with API Gateway events.
#include "lambda/emf.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <set>
#include <sstream>

#include "lambda_test_support.hpp"
#include "support/child_process.hpp"
#include "support/emf_check.hpp"
#include "support/hdoc_process.hpp"
#include "support/runtime_emulator.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::lambda {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::emfViolations;

std::string joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += p + "\n";
  return out;
}

// The metric names of a document's directives, and the dimension sets each is reported under.
std::map<std::string, std::set<std::vector<std::string>>> declared(const json::object& doc) {
  std::map<std::string, std::set<std::vector<std::string>>> out;
  for (const auto& d : doc.at("_aws").at("CloudWatchMetrics").as_array()) {
    std::set<std::vector<std::string>> sets;
    for (const auto& set : d.at("Dimensions").as_array()) {
      std::vector<std::string> names;
      for (const auto& n : set.as_array()) names.emplace_back(n.as_string());
      sets.insert(names);
    }
    for (const auto& m : d.at("Metrics").as_array()) {
      auto& target = out[std::string(m.at("Name").as_string())];
      target.insert(sets.begin(), sets.end());
    }
  }
  return out;
}

TEST(EmfLines, AnInvocationIsOneValidDocumentWithTheIssuesDimensions) {
  InvocationFigures f;
  f.request = {"/users/{githubProfile}", "GET", 200, 0.0125, 321};
  f.storeMilliseconds = {1.5, 2.25};
  f.readCapacityUnits = 1.5;
  const std::string line = invocationLine({"hdoc-test", "prod"}, f, 1764633600000);
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line";
  EXPECT_TRUE(emfViolations(line).empty()) << joined(emfViolations(line));
  const auto doc = json::parse(line).as_object();
  EXPECT_EQ(doc.at("_aws").at("Timestamp").as_int64(), 1764633600000);
  for (const auto& d : doc.at("_aws").at("CloudWatchMetrics").as_array())
    EXPECT_EQ(d.at("Namespace"), "hdoc-test");
  EXPECT_EQ(doc.at("Stage"), "prod");
  EXPECT_EQ(doc.at("Route"), "/users/{githubProfile}");
  EXPECT_EQ(doc.at("Status"), "200");
  EXPECT_EQ(doc.at("StatusClass"), "2xx");
  EXPECT_EQ(doc.at("Requests").to_number<double>(), 1);
  EXPECT_DOUBLE_EQ(doc.at("Latency").to_number<double>(), 12.5);
  EXPECT_EQ(doc.at("StoreLatency").as_array().size(), 2u);
  EXPECT_DOUBLE_EQ(doc.at("ReadCapacityUnits").to_number<double>(), 1.5);
  EXPECT_EQ(doc.at("ResponseBytes").to_number<double>(), 321);

  const auto metrics = declared(doc);
  using Sets = std::set<std::vector<std::string>>;
  EXPECT_EQ(metrics.at("Requests"), (Sets{{"Stage", "Route", "Status"}, {"Stage", "StatusClass"}}));
  for (const char* name : {"Latency", "StoreLatency", "ReadCapacityUnits", "WriteCapacityUnits"})
    EXPECT_EQ(metrics.at(name), (Sets{{"Stage", "Route"}, {"Stage"}})) << name;
  for (const char* name : {"StoreErrors", "AuthRefusals", "RateLimited", "ResponseBytes"})
    EXPECT_EQ(metrics.at(name), (Sets{{"Stage"}})) << name;
}

TEST(EmfLines, AnInvocationWithoutStoreCallsHasNoStoreLatencyAtAll) {
  InvocationFigures f;
  f.request = {"unmatched", "other", 404, 0.001, 90};
  const std::string line = invocationLine({}, f, 1);
  EXPECT_TRUE(emfViolations(line).empty()) << joined(emfViolations(line));
  const auto doc = json::parse(line).as_object();
  EXPECT_FALSE(doc.contains("StoreLatency"));
  EXPECT_FALSE(declared(doc).count("StoreLatency")) << "a declared metric without a value is invalid";
  EXPECT_EQ(doc.at("StatusClass"), "4xx");
  EXPECT_EQ(doc.at("Stage"), "local");
}

TEST(EmfLines, AnInitIsADocumentOfItsOwn) {
  const std::string line = initLine({"hdoc", "dev"}, 42.5, 7);
  EXPECT_TRUE(emfViolations(line).empty()) << joined(emfViolations(line));
  const auto doc = json::parse(line).as_object();
  EXPECT_DOUBLE_EQ(doc.at("InitDuration").to_number<double>(), 42.5);
  EXPECT_EQ(doc.at("ColdStarts").to_number<double>(), 1);
}

TEST(EmfCheck, RefusesWhatTheSpecificationForbids) {
  // The checker itself: each document breaks one MUST of the specification.
  const char* broken[] = {
      "not json",
      R"({"Latency":1})",
      R"({"_aws":{"CloudWatchMetrics":[]},"x":1})",
      R"({"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[["Stage"]],"Metrics":[{"Name":"Latency"}]}]},"Latency":1})",
      R"({"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[],"Metrics":[{"Name":"Latency"}]}]}})",
      R"({"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[],"Metrics":[{"Name":"L","Unit":"Furlongs"}]}]},"L":1})",
      R"({"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[],"Metrics":[{"Name":"L"}]}]},"L":"1"})",
      R"({"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Dimensions":[],"Metrics":[{"Name":"L"}]}]},"L":1})",
      R"({"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[],"Metrics":[],"Extra":1}]}})",
  };
  for (const char* doc : broken) EXPECT_FALSE(emfViolations(doc).empty()) << doc;
  EXPECT_TRUE(
      emfViolations(
          R"({"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"n","Dimensions":[["S"]],"Metrics":[{"Name":"L","Unit":"Count"}]}]},"S":"a","L":[1,2]})")
          .empty());
}

TEST(InvocationMetrics, GathersOneInvocationAndStartsAfreshAfterTakingItsLine) {
  InvocationMetrics metrics({"hdoc", "test"});
  EXPECT_FALSE(metrics.takeLine(1).has_value()) << "no request, no line";
  metrics.storeOperation("dynamodb", "scanUsers", 0.004);
  metrics.storeOperation("dynamodb", "findUser", 0.002);
  metrics.consumedCapacity("Query", 2, 0);
  metrics.consumedCapacity("TransactWriteItems", 0, 3);
  metrics.storeError("conflict");
  metrics.authRefusal("expired");
  metrics.rateLimited();
  metrics.request({"/users", "POST", 409, 0.02, 100});
  const auto line = metrics.takeLine(1);
  ASSERT_TRUE(line);
  EXPECT_TRUE(emfViolations(*line).empty()) << joined(emfViolations(*line));
  const auto doc = json::parse(*line).as_object();
  EXPECT_EQ(doc.at("StoreLatency").as_array().size(), 2u);
  EXPECT_EQ(doc.at("ReadCapacityUnits").to_number<double>(), 2);
  EXPECT_EQ(doc.at("WriteCapacityUnits").to_number<double>(), 3);
  EXPECT_EQ(doc.at("StoreErrors").to_number<double>(), 1);
  EXPECT_EQ(doc.at("AuthRefusals").to_number<double>(), 1);
  EXPECT_EQ(doc.at("RateLimited").to_number<double>(), 1);

  for (int i = 0; i < 150; ++i) metrics.storeOperation("sqlite", "findUser", 0.001);
  metrics.request({"/users", "GET", 200, 0.01, 10});
  const auto next = json::parse(*metrics.takeLine(2)).as_object();
  EXPECT_EQ(next.at("StoreLatency").as_array().size(), kMaxValues) << "EMF allows 100 values";
  EXPECT_EQ(next.at("ReadCapacityUnits").to_number<double>(), 0) << "the previous invocation leaked";
  EXPECT_EQ(next.at("StoreErrors").to_number<double>(), 0);
}

// The real binary under the Runtime API emulator, on a fixture database.
class EmfHostTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<testing::TempDir>();
    dbPath_ = dir_->file("hdoc.db");
    testing::ChildProcess import(
        testing::hdocBinary(),
        {"import", "users", std::string(HDOC_FIXTURES_DIR) + "/users.json", "--db", dbPath_}, {});
    const auto rc = import.waitExit(60s);
    ASSERT_TRUE(rc && *rc == 0) << import.stderrText();
  }
  static void TearDownTestSuite() { dir_.reset(); }

  void start() {
    runtime_ = std::make_unique<testing::ChildProcess>(testing::runtimeBinary(), std::vector<std::string>{},
                                                       std::map<std::string, std::string>{
                                                           {"AWS_LAMBDA_RUNTIME_API", emulator_.endpoint()},
                                                           {"HDOC_DB", dbPath_},
                                                           {"HDOC_STAGE", "staging"},
                                                           {"HDOC_METRICS_NAMESPACE", "hdoc-ci"},
                                                           {"AWS_REGION", "us-east-1"},
                                                       });
  }
  void invoke(const std::string& event) {
    const auto outcome = emulator_.waitOutcome(emulator_.enqueue(event), 10s);
    ASSERT_TRUE(outcome.has_value()) << runtime_->stderrText();
  }
  // Every line the runtime wrote on stdout, each checked against the specification.
  std::vector<json::object> documents() {
    std::vector<json::object> out;
    std::istringstream lines(runtime_->stdoutText());
    for (std::string line; std::getline(lines, line);) {
      const auto problems = emfViolations(line);
      EXPECT_TRUE(problems.empty()) << line << "\n" << joined(problems);
      if (problems.empty()) out.push_back(json::parse(line).as_object());
    }
    return out;
  }

  inline static std::unique_ptr<testing::TempDir> dir_;
  inline static std::string dbPath_;
  testing::RuntimeEmulator emulator_;
  std::unique_ptr<testing::ChildProcess> runtime_;
};

TEST_F(EmfHostTest, WritesAnInitDocumentAndOneValidDocumentPerInvocation) {
  start();
  invoke(testing::v2Event("GET", "/api/users", "limit=3"));
  invoke(testing::v1Event("GET", "/users/fdurham0"));
  invoke(testing::v2Event("GET", "/api/no/such/thing"));
  invoke(testing::v2Event("POST", "/api/users"));  // no authorizer claims: 401
  const auto docs = documents();
  ASSERT_EQ(docs.size(), 5u) << runtime_->stdoutText();

  EXPECT_TRUE(docs[0].contains("InitDuration"));
  EXPECT_GT(docs[0].at("InitDuration").to_number<double>(), 0);
  EXPECT_EQ(docs[0].at("ColdStarts").to_number<double>(), 1);
  EXPECT_FALSE(docs[0].contains("StoreLatency")) << "the init's ping is no invocation's store call";

  const std::vector<std::pair<std::string, std::string>> expected{
      {"/users", "200"}, {"/users/{githubProfile}", "200"}, {"unmatched", "404"}, {"/users", "401"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& doc = docs[i + 1];
    EXPECT_EQ(doc.at("Route").as_string(), expected[i].first) << i;
    EXPECT_EQ(doc.at("Status").as_string(), expected[i].second) << i;
    EXPECT_EQ(doc.at("Stage"), "staging");
    EXPECT_EQ(doc.at("_aws").at("CloudWatchMetrics").as_array()[0].at("Namespace"), "hdoc-ci");
    EXPECT_GT(doc.at("Latency").to_number<double>(), 0);
  }
  EXPECT_EQ(docs[1].at("StoreLatency").as_array().size(), 1u) << "GET /users is one scan of the store";
  EXPECT_EQ(docs[2].at("StoreLatency").as_array().size(), 1u) << "GET /users/{id} is one lookup";
  EXPECT_FALSE(docs[3].contains("StoreLatency"));
  EXPECT_EQ(docs[4].at("AuthRefusals").to_number<double>(), 1);
}

TEST_F(EmfHostTest, RoutesAreReportedAsPatternsWhateverThePathsSprayed) {
  start();
  std::set<std::string> routes;
  for (int i = 0; i < 60; ++i) {
    const std::string n = std::to_string(i);
    invoke(i % 3 == 0   ? testing::v2Event("GET", "/api/users/nobody" + n)
           : i % 3 == 1 ? testing::v2Event("GET", "/spray/" + n)
                        : testing::v1Event("GET", "/articles/tag" + n));
  }
  const auto docs = documents();
  ASSERT_EQ(docs.size(), 61u);
  for (std::size_t i = 1; i < docs.size(); ++i) routes.insert(std::string(docs[i].at("Route").as_string()));
  EXPECT_EQ(routes, (std::set<std::string>{"/users/{githubProfile}", "unmatched", "/articles/{tag}"}));
}

}  // namespace
}  // namespace hdoc::lambda
