// Every template under infra/ and cicd/ passes AWS's cfn-lint (the Python linter, with today's
// resource specifications and the SAM transform) without an error or a warning. Plus the one check of
// ours it does not make: literal values of properties whose allowed values the CloudFormation
// reference lists but the resource schemas cfn-lint reads do not.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <span>
#include <sstream>

#include "infra_test_support.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::infra {
namespace {

namespace json = boost::json;
using testing::sourceDir;

// One cfn-lint run over every template (starting it takes seconds). Any finding fails, warnings
// included; each is printed as FILE:LINE:COLUMN:END_LINE:END_COLUMN:RULE:MESSAGE.
TEST(CfnLint, EveryTemplateHasNoErrorOrWarning) {
  ASSERT_TRUE(testing::cfnLint()) << testing::kNoCfnLint;
  std::vector<std::string> args{"--format", "parseable", "--"};
  for (const auto& file : testing::templateFiles()) args.push_back((sourceDir() / file).string());
  ASSERT_GT(args.size(), 3u);
  const auto result = testing::runCfnLint(args);
  EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "") << result.err;
}

TEST(CfnLintTemplates, EveryExpectedTemplateExists) {
  const auto files = testing::templateFiles();
  for (const char* expected :
       {"infra/template.yaml", "infra/api.yaml", "infra/auth.yaml", "infra/database.yaml",
        "infra/website.yaml", "infra/alarms.yaml", "infra/deploy-role.yaml", "cicd/pipeline.yml"}) {
    EXPECT_NE(std::find(files.begin(), files.end(), expected), files.end()) << expected;
  }
}

// --- What cfn-lint does not check ---
// Properties whose allowed values the CloudFormation reference lists (the `doc` page) but whose
// resource schema, as cfn-lint 1.51 ships it, says only "string": cfn-lint accepts any value there.
// Checked on the template's literal values (through Fn::If branches); intrinsics are left to cfn-lint.
struct AllowedValues {
  std::string type;
  std::vector<std::string> path;  // "*": every item of a list (or value of a map)
  std::vector<std::string> allowed;
  std::string doc;
};

const std::string kRef = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/";
const std::vector<AllowedValues> kAllowedValues = {
    {"AWS::ApiGatewayV2::Api", {"ProtocolType"}, {"HTTP", "WEBSOCKET"}, "aws-resource-apigatewayv2-api.html"},
    {"AWS::ApiGatewayV2::Api",
     {"CorsConfiguration", "AllowMethods", "*"},
     {"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "*"},
     "aws-properties-apigatewayv2-api-cors.html"},
    {"AWS::ApiGatewayV2::Authorizer",
     {"AuthorizerType"},
     {"REQUEST", "JWT"},
     "aws-resource-apigatewayv2-authorizer.html"},
    {"AWS::ApiGatewayV2::Integration",
     {"PayloadFormatVersion"},
     {"1.0", "2.0"},
     "aws-resource-apigatewayv2-integration.html"},
    {"AWS::ApiGatewayV2::Route",
     {"AuthorizationType"},
     {"NONE", "AWS_IAM", "CUSTOM", "JWT"},
     "aws-resource-apigatewayv2-route.html"},
    {"AWS::Cognito::UserPool",
     {"DeletionProtection"},
     {"ACTIVE", "INACTIVE"},
     "aws-resource-cognito-userpool.html"},
    {"AWS::Cognito::UserPool",
     {"UsernameAttributes", "*"},
     {"email", "phone_number"},
     "aws-resource-cognito-userpool.html"},
    {"AWS::Cognito::UserPool",
     {"AccountRecoverySetting", "RecoveryMechanisms", "*", "Name"},
     {"verified_email", "verified_phone_number", "admin_only"},
     "aws-properties-cognito-userpool-recoveryoption.html"},
    {"AWS::Cognito::UserPoolClient",
     {"PreventUserExistenceErrors"},
     {"ENABLED", "LEGACY"},
     "aws-resource-cognito-userpoolclient.html"},
    {"AWS::Cognito::UserPoolClient",
     {"AllowedOAuthFlows", "*"},
     {"code", "implicit", "client_credentials"},
     "aws-resource-cognito-userpoolclient.html"},
    {"AWS::Cognito::UserPoolClient",
     {"ExplicitAuthFlows", "*"},
     {"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_PASSWORD_AUTH",
      "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH"},
     "aws-resource-cognito-userpoolclient.html"},
    {"AWS::Cognito::UserPoolClient",
     {"TokenValidityUnits", "*"},
     {"seconds", "minutes", "hours", "days"},
     "aws-properties-cognito-userpoolclient-tokenvalidityunits.html"},
    {"AWS::CloudFront::Distribution",
     {"DistributionConfig", "DefaultCacheBehavior", "FunctionAssociations", "*", "EventType"},
     {"viewer-request", "viewer-response"},
     "aws-properties-cloudfront-distribution-functionassociation.html"},
    {"AWS::CloudFront::Distribution",
     {"DistributionConfig", "CacheBehaviors", "*", "FunctionAssociations", "*", "EventType"},
     {"viewer-request", "viewer-response"},
     "aws-properties-cloudfront-distribution-functionassociation.html"},
};

// The literal values at `path` under `value`, through lists and Fn::If branches. Other intrinsics
// are not literals: cfn-lint resolves and checks those.
void literalsAt(const json::value& value, std::span<const std::string> path, std::vector<std::string>& out) {
  if (value.is_object() && value.as_object().contains("Fn::If")) {
    const auto& branches = value.at("Fn::If");
    if (branches.is_array()) {
      for (std::size_t i = 1; i < branches.as_array().size(); ++i) literalsAt(branches.at(i), path, out);
    }
    return;
  }
  if (path.empty()) {
    if (value.is_array()) {
      for (const auto& item : value.as_array()) literalsAt(item, path, out);
    } else if (value.is_string()) {
      out.emplace_back(value.as_string());
    } else if (value.is_number() || value.is_bool()) {
      out.push_back(json::serialize(value));
    }
    return;
  }
  const auto rest = path.subspan(1);
  if (path.front() == "*") {
    if (value.is_array()) {
      for (const auto& item : value.as_array()) literalsAt(item, rest, out);
    } else if (value.is_object()) {
      for (const auto& [key, item] : value.as_object()) literalsAt(item, rest, out);
    }
  } else if (value.is_object()) {
    if (const auto* child = value.as_object().if_contains(path.front())) literalsAt(*child, rest, out);
  }
}

// One line per literal that is not among the allowed values.
std::vector<std::string> disallowedValues(const json::value& tmpl) {
  std::vector<std::string> found;
  const auto* resources = tmpl.as_object().if_contains("Resources");
  if (!resources || !resources->is_object()) return found;
  for (const auto& rule : kAllowedValues) {
    for (const auto& [id, resource] : resources->as_object()) {
      const auto* type = resource.as_object().if_contains("Type");
      const auto* properties = resource.as_object().if_contains("Properties");
      if (!type || !type->is_string() || type->as_string() != rule.type || !properties) continue;
      std::vector<std::string> values;
      literalsAt(*properties, rule.path, values);
      for (const auto& v : values) {
        if (std::find(rule.allowed.begin(), rule.allowed.end(), v) != rule.allowed.end()) continue;
        std::string path;
        for (const auto& part : rule.path) path += "." + part;
        found.push_back(std::string(id) + path + ": '" + v + "' is not an allowed value (" + kRef + rule.doc +
                        ")");
      }
    }
  }
  return found;
}

TEST(AllowedValuesCheck, LiteralValuesAreOnesCloudFormationAccepts) {
  ASSERT_TRUE(testing::cfnLint()) << testing::kNoCfnLint;
  for (const auto& file : testing::templateFiles()) {
    for (const auto& problem : disallowedValues(testing::templateJson(file)))
      ADD_FAILURE() << file << ": " << problem;
  }
}

// --- The checks can fail ---
// Copies of a template, each with one mistake.
class BrokenTemplates : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(testing::cfnLint()) << testing::kNoCfnLint; }

  std::string broken(const std::string& name, const std::string& source, const std::string& from,
                     const std::string& to) {
    std::ifstream in(sourceDir() / source);
    std::string copy((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto at = copy.find(from);
    EXPECT_NE(at, std::string::npos) << source << ": " << from;
    if (at != std::string::npos) copy.replace(at, from.size(), to);
    return dir_.write(name + ".yaml", copy);
  }

  testing::TempDir dir_;
};

TEST_F(BrokenTemplates, CfnLintReportsEachMistake) {
  // One cfn-lint run over every copy (it takes seconds to start); each must have its own finding.
  struct Mistake {
    std::string source, from, to;
  };
  const std::map<std::string, Mistake> mistakes = {
      {"E3030", {"infra/api.yaml", "Architectures: [x86_64]", "Architectures: [sparc]"}},
      {"E3012", {"infra/api.yaml", "AutoDeploy: true", "AutoDeploy: [1]"}},
      {"E3002", {"infra/api.yaml", "MaxAge: 600", "MaxAge: 600\n        AllowEverything: true"}},
      {"E1010",
       {"infra/api.yaml", "IntegrationUri: !GetAtt Function.Arn",
        "IntegrationUri: !GetAtt NoSuchFunction.Arn"}},
      // A warning fails the lint too: an IAM action API Gateway does not have (the deploy role had it).
      {"W3037",
       {"infra/deploy-role.yaml", "- apigateway:DELETE",
        "- apigateway:DELETE\n                  - "
        "apigateway:TagResource"}},
  };
  std::vector<std::string> args{"--format", "parseable", "--"};
  for (const auto& [rule, m] : mistakes) args.push_back(broken(rule, m.source, m.from, m.to));
  const auto result = testing::runCfnLint(args);
  EXPECT_NE(result.exitCode, 0) << result.out;
  for (const auto& [rule, m] : mistakes) {
    // parseable: FILE:LINE:COLUMN:END_LINE:END_COLUMN:RULE:MESSAGE
    const std::string file = dir_.file(rule + ".yaml");
    bool reported = false;
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) {
      reported |= line.starts_with(file + ":") && line.find(":" + rule + ":") != std::string::npos;
    }
    EXPECT_TRUE(reported) << rule << " not reported for " << file << ":\n" << result.out << result.err;
  }
}

TEST_F(BrokenTemplates, OurAllowedValuesCheckReportsWhatCfnLintAccepts) {
  const std::string original = (sourceDir() / "infra/api.yaml").string();
  const auto literal =
      broken("payload", "infra/api.yaml", "PayloadFormatVersion: \"2.0\"", "PayloadFormatVersion: \"3.0\"");
  // Through an Fn::If branch too.
  const auto viaIf = broken("if", "infra/api.yaml", "PayloadFormatVersion: \"2.0\"",
                            "PayloadFormatVersion: !If [IsProd, \"2.0\", \"2.1\"]");
  const auto templates = testing::templatesJsonAt({original, literal, viaIf});
  EXPECT_TRUE(disallowedValues(templates.at(original)).empty());
  const auto problems = disallowedValues(templates.at(literal));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("LambdaIntegration.PayloadFormatVersion: '3.0'"), std::string::npos)
      << problems[0];
  const auto more = disallowedValues(templates.at(viaIf));
  ASSERT_EQ(more.size(), 1u);
  EXPECT_NE(more[0].find("'2.1'"), std::string::npos) << more[0];
}

}  // namespace
}  // namespace hdoc::infra
