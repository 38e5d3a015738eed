// Every template under infra/ and cicd/ passes cfn-lint (npm cfn-lint 1.9.7, pinned), with the
// supplement of cfn_lint_check.js for what its 2019 specification does not know yet.
#include <gtest/gtest.h>

#include <fstream>

#include "infra_test_support.hpp"

namespace hdoc::infra {
namespace {

using testing::runChecker;
using testing::sourceDir;

class CfnLint : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(sourceDir() / "tools/node_modules/cfn-lint"))
        << "tools/node_modules is missing: run `make deps` (npm ci in tools/)";
  }
};

TEST_P(CfnLint, TemplateIsValid) {
  const auto result = runChecker("lint", (sourceDir() / GetParam()).string());
  EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("template valid"), std::string::npos) << result.out << result.err;
}

INSTANTIATE_TEST_SUITE_P(Templates, CfnLint, ::testing::ValuesIn(testing::templateFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name;
                           for (const char c : info.param)
                             name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

TEST(CfnLintTemplates, EveryExpectedTemplateExists) {
  const auto files = testing::templateFiles();
  for (const char* expected :
       {"infra/template.yaml", "infra/api.yaml", "infra/auth.yaml", "infra/database.yaml",
        "infra/website.yaml", "infra/alarms.yaml", "infra/deploy-role.yaml", "cicd/pipeline.yml"}) {
    EXPECT_NE(std::find(files.begin(), files.end(), expected), files.end()) << expected;
  }
}

// The check can fail: a wrong value of a supplemented property, an unknown property, a wrong type
// and a Ref to nothing are all reported.
TEST(CfnLintChecker, RejectsBrokenTemplates) {
  std::ifstream in(sourceDir() / "infra/api.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto broken = [&text](const std::string& from, const std::string& to) {
    std::string copy = text;
    const auto at = copy.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) copy.replace(at, from.size(), to);
    const auto path =
        std::filesystem::temp_directory_path() / ("hdoc-broken-" + std::to_string(::getpid()) + ".yaml");
    std::ofstream(path) << copy;
    auto result = runChecker("lint", path.string());
    std::filesystem::remove(path);
    return result;
  };
  auto r = broken("Architectures: [x86_64]", "Architectures: [sparc]");
  EXPECT_NE(r.exitCode, 0) << r.out;
  EXPECT_NE(r.out.find("'sparc' is not one of"), std::string::npos) << r.out;
  r = broken("AutoDeploy: true", "AutoDeploy: [1]");
  EXPECT_NE(r.exitCode, 0) << r.out;
  r = broken("MaxAge: 600", "MaxAge: 600\n        AllowEverything: true");
  EXPECT_NE(r.exitCode, 0) << r.out;
  EXPECT_NE(r.out.find("AllowEverything is not a valid property"), std::string::npos) << r.out;
  r = broken("IntegrationUri: !GetAtt Function.Arn", "IntegrationUri: !GetAtt NoSuchFunction.Arn");
  EXPECT_NE(r.exitCode, 0) << r.out;
  r = broken("PayloadFormatVersion: \"2.0\"", "PayloadFormatVersion: \"3.0\"");
  EXPECT_NE(r.exitCode, 0) << r.out;
}

}  // namespace
}  // namespace hdoc::infra
