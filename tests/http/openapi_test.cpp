// docs/openapi.yaml is a valid OpenAPI 3.1 description (npm @redocly/cli lint, pinned in tools/), it
// lists exactly the router's routes and methods, and its examples are the fixture records as hdoc
// serves them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "http/api.hpp"
#include "http/router.hpp"
#include "http/routes.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/api_calls.hpp"
#include "support/fixtures.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::http {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

fs::path sourceDir() {
  return HDOC_SOURCE_DIR;
}
std::string redocly() {
  return (sourceDir() / "tools/node_modules/.bin/redocly").string();
}

testing::CommandResult lint(const std::string& file) {
  return testing::runCommand({redocly(), "lint", file, "--config",
                              (sourceDir() / "docs/redocly.yaml").string(), "--format=stylish"});
}

// The description as JSON, references left as they are (redocly bundle resolves only external ones).
json::object bundled(const testing::TempDir& dir) {
  const std::string out = dir.file("openapi.json");
  const auto result =
      testing::runCommand({redocly(), "bundle", (sourceDir() / "docs/openapi.yaml").string(), "--config",
                           (sourceDir() / "docs/redocly.yaml").string(), "-o", out});
  EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
  return json::parse(testing::readText(out)).as_object();
}

class OpenApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(redocly())) << "tools/node_modules is missing: run `npm ci` in tools/";
  }
  testing::TempDir dir_;
};

TEST_F(OpenApi, DescriptionPassesRedoclyLint) {
  const auto result = lint((sourceDir() / "docs/openapi.yaml").string());
  EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
  EXPECT_NE((result.out + result.err).find("is valid"), std::string::npos) << result.out << result.err;
}

// The lint can fail: a response pointing at a component that does not exist is an error.
TEST_F(OpenApi, LintRejectsABrokenDescription) {
  std::string text = testing::readText((sourceDir() / "docs/openapi.yaml").string());
  const std::string from = "$ref: '#/components/responses/NotFound'";
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), "$ref: '#/components/responses/NoSuchResponse'");
  const auto result = lint(dir_.write("broken.yaml", text));
  EXPECT_NE(result.exitCode, 0) << result.out << result.err;
}

// Normalisation: the OpenAPI paths carry no /api prefix (it is a server URL there, and the router
// strips it before matching), placeholders compare as "{}" whatever their names (OpenAPI forbids two
// templates that differ only in names, so /articles/{tag} and /articles/{id} are one path there),
// OPTIONS is implied on every route and listed nowhere, and HEAD is implied by GET: the router must
// list HEAD exactly where it lists GET, and the description lists GET only.
TEST_F(OpenApi, DescribesExactlyTheRoutersRoutesAndMethods) {
  std::set<std::string> routerSide;
  for (const auto& route : routeTable()) {
    const bool get = routeAllows(route, "GET");
    EXPECT_EQ(get, routeAllows(route, "HEAD")) << route.pattern << ": HEAD goes with GET";
    for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
      if (routeAllows(route, method))
        routerSide.insert(std::string(method) + " " + routeShape(route.pattern));
    }
  }
  std::set<std::string> described;
  const json::object doc = bundled(dir_);
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [key, operation] : item.as_object()) {
      std::string method(key);
      if (method == "parameters" || method == "summary" || method == "description") continue;
      EXPECT_NE(method, "head") << path << ": HEAD is implied by GET";
      EXPECT_NE(method, "options") << path << ": OPTIONS is implied everywhere";
      std::transform(method.begin(), method.end(), method.begin(), ::toupper);
      described.insert(method + " " + routeShape(path));
    }
  }
  std::set<std::string> missing, extra;
  std::set_difference(routerSide.begin(), routerSide.end(), described.begin(), described.end(),
                      std::inserter(missing, missing.end()));
  std::set_difference(described.begin(), described.end(), routerSide.begin(), routerSide.end(),
                      std::inserter(extra, extra.end()));
  std::string report;
  for (const auto& m : missing) report += "\n  served but not described: " + m;
  for (const auto& e : extra) report += "\n  described but not served: " + e;
  EXPECT_TRUE(missing.empty() && extra.empty()) << report;
  EXPECT_FALSE(routerSide.empty());
}

// Writes call for a bearer token, except the GitHub webhook, which GitHub signs; reads are public.
TEST_F(OpenApi, WritesRequireTheBearerSchemeAndReadsDoNot) {
  const json::object doc = bundled(dir_);
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      if (method == "parameters") continue;
      const auto* security = operation.as_object().if_contains("security");
      const std::string schemes = security ? json::serialize(*security) : "";
      const bool secured = security && !security->as_array().empty();
      EXPECT_EQ(secured, method != "get") << std::string(method) << " " << std::string(path);
      if (!secured) continue;
      const char* expected = path == "/webhooks/github" ? "githubSignature" : "cognito";
      EXPECT_NE(schemes.find(expected), std::string::npos) << std::string(method) << " " << std::string(path);
    }
  }
}

TEST_F(OpenApi, ExamplesAreTheFixtureRecordsAsServed) {
  HDOC_REQUIRE_FIXTURES();
  store::SqliteStore store(dir_.file("examples.db"));
  testing::importFixtures(store);
  Api api(store, ApiConfig{});
  auto get = [&](const std::string& target) {
    return json::parse(api.handle(testing::apiRequest("GET", target)).body);
  };
  const json::object doc = bundled(dir_);
  const auto& examples = doc.at("components").at("examples").as_object();
  EXPECT_EQ(examples.at("Fdurham0").at("value"), get("/api/users/fdurham0"));
  EXPECT_EQ(examples.at("Article1").at("value"), get("/api/articles?limit=1").as_array()[0]);
  const auto& tags = doc.at("paths")
                         .at("/tags")
                         .at("get")
                         .at("responses")
                         .at("200")
                         .at("content")
                         .at("application/json")
                         .at("example");
  EXPECT_EQ(tags, get("/api/tags?limit=3"));
}

}  // namespace
}  // namespace hdoc::http
