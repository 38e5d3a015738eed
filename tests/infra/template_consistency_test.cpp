// The templates cannot drift from the code: the HTTP API's routes are the router's routes (plus the
// write routes), reads are public and writes authorised; every environment variable the binary
// reads reaches the function (or is listed below as local-only); the root stack wires each nested
// stack's parameters and outputs as declared; the function's DynamoDB policy covers exactly what the
// store calls; and no template hands out administrator rights.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "http/cors.hpp"
#include "http/routes.hpp"
#include "infra_test_support.hpp"
#include "store/dynamodb/github_items.hpp"

namespace hdoc::infra {
namespace {

namespace json = boost::json;
using testing::sourceDir;
using testing::templateJson;

// The write routes of issue 5 (the write API). Once the router lists them too, the union changes
// nothing; until then the template still has to carry them.
const std::vector<std::pair<std::string, std::string>> kWriteRoutes = {
    {"POST", "/users"},
    {"PATCH", "/users/{id}"},
    {"DELETE", "/users/{id}"},
    {"POST", "/users/{id}/entries"},
    {"GET", "/users/{id}/entries"},
    {"HEAD", "/users/{id}/entries"},
    {"PATCH", "/users/{id}/entries/{platform}/{day}"},
    {"POST", "/articles"},
    {"PATCH", "/articles/{id}"},
    {"DELETE", "/articles/{id}"},
};

// Routes signed by their caller instead of signed in (no JWT authorizer: hdoc checks the signature),
// served at the root as well as under /api because GitHub is given a whole URL.
const std::set<std::string> kSignedRoutes = {"POST /api/webhooks/github", "POST /webhooks/github"};

// Environment variables hdoc reads that the function must NOT get from the template, and why.
const std::map<std::string, std::string> kNotFromTemplate = {
    {"AWS_LAMBDA_RUNTIME_API", "set by Lambda for every custom runtime"},
    {"_X_AMZN_TRACE_ID", "set by hdoc itself per invocation from Lambda-Runtime-Trace-Id"},
    {"AWS_REGION", "reserved, set by Lambda"},
    {"AWS_DEFAULT_REGION", "reserved, set by Lambda"},
    {"AWS_ACCESS_KEY_ID", "reserved, set by Lambda from the execution role"},
    {"AWS_SECRET_ACCESS_KEY", "reserved, set by Lambda from the execution role"},
    {"AWS_SESSION_TOKEN", "reserved, set by Lambda from the execution role"},
    {"HDOC_DB", "local only: the SQLite file (`hdoc serve`, the CLI, the emulator tests)"},
    {"HDOC_STORE", "local only: the CLI's store choice; on Lambda databaseName selects DynamoDB"},
    {"HDOC_LISTEN", "local only: `hdoc serve`'s listen address"},
    {"HDOC_METRICS_LISTEN",
     "local only: `hdoc serve`'s Prometheus listener (Lambda writes EMF lines instead)"},
    {"AWS_ENDPOINT_URL_DYNAMODB", "local only: DynamoDB Local in tests and development"},
    {"SOURCE_DATE_EPOCH", "CLI only: the exportedAt of `hdoc export all`, for byte-identical exports"},
    // `hdoc serve` verifies tokens itself; behind API Gateway the JWT authorizer has verified them
    // and the function takes the caller from the claims (ApiConfig::verifier stays empty).
    {"HDOC_JWKS", "local only: `hdoc serve` token verification"},
    {"HDOC_JWKS_URL", "local only: `hdoc serve` token verification"},
    {"HDOC_ISSUER", "local only: `hdoc serve` token verification (the authorizer checks iss)"},
    {"HDOC_CLIENT_ID", "local only: `hdoc serve` token verification (the authorizer checks aud)"},
};

std::string normalizePattern(const std::string& path) {
  static const std::regex variable(R"(\{[^}]*\})");
  return std::regex_replace(path, variable, "{}");
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in{std::string(text)};
  while (std::getline(in, item, separator)) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

const json::object& resources(const json::value& tmpl) {
  return tmpl.at("Resources").as_object();
}

std::string join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += "\n  " + i;
  return out;
}

struct TemplateRoute {
  std::string logicalId;
  std::string authorization;
  bool hasAuthorizer = false;
};

std::map<std::string, TemplateRoute> templateRoutes(const json::value& api) {
  std::map<std::string, TemplateRoute> routes;  // "GET /api/users/{}" -> route
  for (const auto& [id, resource] : resources(api)) {
    if (resource.at("Type").as_string() != "AWS::ApiGatewayV2::Route") continue;
    const auto& props = resource.at("Properties").as_object();
    const std::string key(props.at("RouteKey").as_string());
    TemplateRoute route{std::string(id), std::string(props.at("AuthorizationType").as_string()),
                        props.contains("AuthorizerId")};
    const auto space = key.find(' ');
    const std::string normalized =
        space == std::string::npos ? key : key.substr(0, space + 1) + normalizePattern(key.substr(space + 1));
    EXPECT_TRUE(routes.emplace(normalized, route).second) << "route defined twice: " << key;
  }
  return routes;
}

TEST(TemplateConsistency, HttpApiRoutesAreTheRoutersRoutesUnderApi) {
  const auto api = templateJson("infra/api.yaml");
  auto inTemplate = templateRoutes(api);
  ASSERT_TRUE(inTemplate.count("$default")) << "the $default route sends unmatched paths to hdoc's router";
  EXPECT_EQ(inTemplate.at("$default").authorization, "NONE");
  inTemplate.erase("$default");

  std::set<std::string> expected;
  for (const auto& route : http::routeTable()) {
    for (const auto& method : split(route.methods(), ',')) {
      if (method == "OPTIONS") continue;  // preflight: answered by API Gateway's CORS configuration
      expected.insert(method + " /api" + normalizePattern(std::string(route.pattern)));
    }
  }
  for (const auto& [method, pattern] : kWriteRoutes)
    expected.insert(method + " /api" + normalizePattern(pattern));
  expected.insert(kSignedRoutes.begin(), kSignedRoutes.end());

  std::set<std::string> actual;
  for (const auto& [key, route] : inTemplate) actual.insert(key);
  std::set<std::string> missing, extra;
  std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                      std::inserter(missing, missing.end()));
  std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(),
                      std::inserter(extra, extra.end()));
  EXPECT_TRUE(missing.empty()) << "routes the router serves but infra/api.yaml lacks:" << join(missing);
  EXPECT_TRUE(extra.empty()) << "routes in infra/api.yaml the router does not serve:" << join(extra);
}

TEST(TemplateConsistency, ReadsArePublicAndWritesGoThroughTheJwtAuthorizer) {
  const auto api = templateJson("infra/api.yaml");
  for (const auto& [key, route] : templateRoutes(api)) {
    if (key == "$default") continue;
    const std::string method = key.substr(0, key.find(' '));
    if (kSignedRoutes.count(key)) {
      EXPECT_EQ(route.authorization, "NONE") << key << " is signed by GitHub, which sends no Cognito token";
      EXPECT_FALSE(route.hasAuthorizer) << key;
    } else if (method == "GET" || method == "HEAD") {
      EXPECT_EQ(route.authorization, "NONE") << key << " is a read and must stay public";
      EXPECT_FALSE(route.hasAuthorizer) << key;
    } else {
      EXPECT_EQ(route.authorization, "JWT") << key << " is a write and needs the Cognito JWT authorizer";
      EXPECT_TRUE(route.hasAuthorizer) << key;
    }
  }
  const auto& authorizer = resources(api).at("CognitoAuthorizer").at("Properties");
  EXPECT_EQ(authorizer.at("AuthorizerType").as_string(), "JWT");
  EXPECT_TRUE(authorizer.at("JwtConfiguration").as_object().contains("Issuer"));
  EXPECT_TRUE(authorizer.at("JwtConfiguration").as_object().contains("Audience"));
}

// The webhook's secret reaches the function only as a dynamic reference that CloudFormation resolves at
// deployment (Secrets Manager, or an SSM SecureString), never as a parameter value with a default.
TEST(TemplateConsistency, TheWebhookSecretIsADynamicReferenceToASecret) {
  const auto api = templateJson("infra/api.yaml");
  const auto& variables =
      resources(api).at("Function").at("Properties").at("Environment").at("Variables").as_object();
  ASSERT_TRUE(variables.contains("HDOC_GITHUB_WEBHOOK_SECRET"));
  const std::string value = json::serialize(variables.at("HDOC_GITHUB_WEBHOOK_SECRET"));
  EXPECT_TRUE(value.find("{{resolve:secretsmanager:") != std::string::npos ||
              value.find("{{resolve:ssm-secure:") != std::string::npos)
      << value;
  // Whatever names the secret is a name, with no default but "" (the webhook off).
  const auto& parameters = api.at("Parameters").as_object();
  for (const auto& [name, spec] : parameters) {
    if (value.find("${" + std::string(name) + "}") == std::string::npos) continue;
    const auto* fallback = spec.as_object().if_contains("Default");
    EXPECT_TRUE(!fallback || fallback->as_string().empty())
        << std::string(name) << " must not default to a secret";
  }
  // The deployment role may read the stage's secrets (CloudFormation resolves them as that role), and
  // the function needs no Secrets Manager access of its own.
  const auto role = templateJson("infra/deploy-role.yaml");
  const std::string policies =
      json::serialize(resources(role).at("DeployRole").at("Properties").at("Policies"));
  EXPECT_NE(policies.find("secretsmanager:GetSecretValue"), std::string::npos);
  const std::string functionPolicies =
      json::serialize(resources(api).at("Function").at("Properties").at("Policies"));
  EXPECT_EQ(functionPolicies.find("secretsmanager"), std::string::npos);
}

// Delivery records expire through the table's time to live, on the attribute the store writes.
TEST(TemplateConsistency, DeliveryRecordsExpireByTheTablesTimeToLive) {
  const auto database = templateJson("infra/database.yaml");
  const auto& ttl = resources(database).at("Table").at("Properties").at("TimeToLiveSpecification");
  EXPECT_EQ(ttl.at("AttributeName").as_string(), store::dynamodb::kExpiresAt);
  EXPECT_TRUE(ttl.at("Enabled").as_bool());
}

TEST(TemplateConsistency, EveryWriteRouteIsThrottledAndExistsBeforeTheStage) {
  const auto api = templateJson("infra/api.yaml");
  const auto& stage = resources(api).at("DefaultStage").as_object();
  const auto& settings = stage.at("Properties").at("RouteSettings").as_object();
  std::set<std::string> dependsOn;
  for (const auto& d : stage.at("DependsOn").as_array()) dependsOn.insert(std::string(d.as_string()));
  for (const auto& [id, resource] : resources(api)) {
    if (resource.at("Type").as_string() != "AWS::ApiGatewayV2::Route") continue;
    const auto& props = resource.at("Properties").as_object();
    const std::string key(props.at("RouteKey").as_string());
    if (props.at("AuthorizationType").as_string() != "JWT" && !kSignedRoutes.count(key)) continue;
    EXPECT_TRUE(settings.contains(key)) << key << " has no throttling in DefaultStage.RouteSettings";
    EXPECT_TRUE(dependsOn.count(std::string(id))) << "DefaultStage must DependsOn " << id;
  }
  for (const auto& [key, value] : settings) {
    bool found = false;
    for (const auto& [id, resource] : resources(api)) {
      if (resource.at("Type").as_string() == "AWS::ApiGatewayV2::Route" &&
          resource.at("Properties").at("RouteKey").as_string() == key) {
        found = true;
      }
    }
    EXPECT_TRUE(found) << "RouteSettings names a route that does not exist: " << std::string(key);
  }
}

TEST(TemplateConsistency, CorsMatchesTheServer) {
  const auto api = templateJson("infra/api.yaml");
  const auto& cors = resources(api).at("HttpApi").at("Properties").at("CorsConfiguration").as_object();
  std::string headers;
  for (const auto& h : cors.at("AllowHeaders").as_array())
    headers += (headers.empty() ? "" : ",") + std::string(h.as_string());
  EXPECT_EQ(headers, http::kCorsAllowHeaders);
}

// Every NAME in getenv("NAME") or env("NAME") under src/, and every "HDOC_..." string literal (hdoc's
// own variables, also when a helper takes the name as an argument).
std::set<std::string> environmentVariablesReadBySource() {
  static const std::regex read(
      R"re((?:(?:^|[^A-Za-z0-9_])(?:getenv|env)\(\s*"([A-Za-z_][A-Za-z0-9_]*)")|"(HDOC_[A-Z0-9_]+)")re");
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(sourceDir() / "src")) {
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".hpp") continue;
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), read); it != std::sregex_iterator(); ++it) {
      names.insert((*it)[1].matched ? (*it)[1].str() : (*it)[2].str());
    }
  }
  return names;
}

TEST(TemplateConsistency, EveryEnvironmentVariableTheBinaryReadsReachesTheFunction) {
  const auto api = templateJson("infra/api.yaml");
  const auto& variables =
      resources(api).at("Function").at("Properties").at("Environment").at("Variables").as_object();
  const auto read = environmentVariablesReadBySource();
  ASSERT_TRUE(read.count("databaseName")) << "the scan of src/ for getenv found nothing it should";
  for (const auto& name : read) {
    if (kNotFromTemplate.count(name)) continue;
    EXPECT_TRUE(variables.contains(name))
        << "hdoc reads " << name
        << " but infra/api.yaml does not set it on the function (or list it "
           "in kNotFromTemplate with the reason)";
  }
  for (const auto& [name, value] : variables) {
    EXPECT_TRUE(read.count(std::string(name)))
        << "infra/api.yaml sets " << std::string(name) << ", which hdoc never reads";
    EXPECT_FALSE(kNotFromTemplate.count(std::string(name))) << std::string(name) << " is local-only";
  }
}

// The root stack passes each nested stack exactly parameters it declares, all the ones without a
// default, and reads only outputs it has.
TEST(TemplateConsistency, RootStackWiresNestedStacksAsDeclared) {
  const auto root = templateJson("infra/template.yaml");
  std::map<std::string, json::value> nested;
  for (const auto& [id, resource] : resources(root)) {
    if (resource.at("Type").as_string() != "AWS::CloudFormation::Stack") continue;
    std::string url(resource.at("Properties").at("TemplateURL").as_string());
    if (url.rfind("./", 0) == 0) url = url.substr(2);
    nested[std::string(id)] = templateJson("infra/" + url);
    const auto& declared = nested[std::string(id)].as_object().contains("Parameters")
                               ? nested[std::string(id)].at("Parameters").as_object()
                               : json::object();
    const auto& passed = resource.at("Properties").as_object().contains("Parameters")
                             ? resource.at("Properties").at("Parameters").as_object()
                             : json::object();
    for (const auto& [name, value] : passed) {
      EXPECT_TRUE(declared.contains(name))
          << id << " gets parameter " << std::string(name) << ", which " << url << " does not declare";
    }
    for (const auto& [name, spec] : declared) {
      if (!spec.as_object().contains("Default")) {
        EXPECT_TRUE(passed.contains(name)) << id << " needs parameter " << std::string(name);
      }
    }
  }
  EXPECT_EQ(nested.size(), 5u) << "Database, Auth, Api, Website, Alarms";
  // Every !GetAtt Stack.Outputs.Name anywhere in the root template names a real output.
  int outputReferences = 0;
  std::function<void(const json::value&)> visit = [&](const json::value& v) {
    if (v.is_array()) {
      for (const auto& item : v.as_array()) visit(item);
    } else if (v.is_object()) {
      const auto& o = v.as_object();
      if (const auto* getAtt = o.if_contains("Fn::GetAtt"); getAtt && getAtt->is_array()) {
        // cfn-lint's decoder keeps the attribute whole: !GetAtt Api.Outputs.ApiUrl is
        // ["Api", "Outputs.ApiUrl"].
        const auto& parts = getAtt->as_array();
        const std::string stack(parts.at(0).as_string());
        const std::string attribute = parts.size() == 2 ? std::string(parts.at(1).as_string()) : "";
        if (nested.count(stack) && attribute.starts_with("Outputs.")) {
          const std::string output = attribute.substr(std::string_view("Outputs.").size());
          ++outputReferences;
          EXPECT_TRUE(nested[stack].at("Outputs").as_object().contains(output))
              << stack << " has no output " << output;
        }
      }
      for (const auto& [k, child] : o) visit(child);
    }
  };
  visit(root);
  EXPECT_GT(outputReferences, 0) << "no !GetAtt Stack.Outputs.Name found: is the template read as before?";
}

// The DynamoDB operations the store calls, and the IAM actions each needs.
const std::map<std::string, std::vector<std::string>> kIamActionsFor = {
    {"GetItem", {"dynamodb:GetItem"}},
    {"BatchGetItem", {"dynamodb:BatchGetItem"}},
    {"Query", {"dynamodb:Query"}},
    {"PutItem", {"dynamodb:PutItem"}},
    {"UpdateItem", {"dynamodb:UpdateItem"}},
    {"DeleteItem", {"dynamodb:DeleteItem"}},
    {"BatchWriteItem", {"dynamodb:BatchWriteItem"}},
    {"DescribeTable", {"dynamodb:DescribeTable"}},
    // Transactions are authorised item by item.
    {"TransactWriteItems",
     {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"}},
    {"TransactGetItems", {"dynamodb:GetItem"}},
};
// Called by the CLI only (`hdoc` creating a local table), never by the function.
const std::set<std::string> kCliOnlyOperations = {"CreateTable", "DeleteTable", "Scan"};

TEST(TemplateConsistency, FunctionPolicyCoversExactlyTheStoresDynamoDbCalls) {
  static const std::regex call(
      "\"(GetItem|BatchGetItem|Query|Scan|PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems|"
      "TransactGetItems|DescribeTable|CreateTable|DeleteTable)\"");
  std::set<std::string> needed;
  const auto dir = sourceDir() / "src/store/dynamodb";
  ASSERT_TRUE(std::filesystem::exists(dir));
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), call); it != std::sregex_iterator(); ++it) {
      const std::string op = (*it)[1];
      if (kCliOnlyOperations.count(op)) continue;
      for (const auto& action : kIamActionsFor.at(op)) needed.insert(action);
    }
  }
  ASSERT_FALSE(needed.empty());

  const auto api = templateJson("infra/api.yaml");
  std::set<std::string> granted;
  for (const auto& policy : resources(api).at("Function").at("Properties").at("Policies").as_array()) {
    for (const auto& statement : policy.at("Statement").as_array()) {
      for (const auto& action : statement.at("Action").as_array())
        granted.insert(std::string(action.as_string()));
      for (const auto& resource : statement.at("Resource").as_array()) {
        EXPECT_FALSE(resource.is_string() && resource.as_string() == "*")
            << "the function's policy must be scoped";
      }
    }
  }
  std::set<std::string> missing, unused;
  std::set_difference(needed.begin(), needed.end(), granted.begin(), granted.end(),
                      std::inserter(missing, missing.end()));
  std::set_difference(granted.begin(), granted.end(), needed.begin(), needed.end(),
                      std::inserter(unused, unused.end()));
  EXPECT_TRUE(missing.empty()) << "the store calls DynamoDB with actions the function may not use:"
                               << join(missing);
  EXPECT_TRUE(unused.empty()) << "the function may use actions the store never calls:" << join(unused);
}

// No Allow statement in any template grants "*" or a whole service ("iam:*"), and no role gets an
// AWS-managed administrator policy. (Deny statements may use wildcards: they only take away.)
TEST(TemplateConsistency, NoTemplateGrantsAdministratorRights) {
  static const std::regex wildcard(R"(^(\*|[a-z0-9-]+:\*)$)");
  for (const auto& file : testing::templateFiles()) {
    std::function<void(const json::value&)> visit = [&](const json::value& v) {
      if (v.is_array()) {
        for (const auto& item : v.as_array()) visit(item);
        return;
      }
      if (!v.is_object()) return;
      const auto& o = v.as_object();
      if (const auto* effect = o.if_contains("Effect");
          effect && effect->is_string() && effect->as_string() == "Allow") {
        if (const auto* action = o.if_contains("Action")) {
          const json::array actions = action->is_array() ? action->as_array() : json::array{*action};
          for (const auto& a : actions) {
            if (a.is_string()) {
              EXPECT_FALSE(std::regex_match(std::string(a.as_string()), wildcard))
                  << file << " allows " << std::string(a.as_string());
            }
          }
        }
      }
      if (const auto* managed = o.if_contains("ManagedPolicyArns")) {
        const std::string text = json::serialize(*managed);
        EXPECT_EQ(text.find("AdministratorAccess"), std::string::npos) << file;
        EXPECT_EQ(text.find("PowerUserAccess"), std::string::npos) << file;
        EXPECT_EQ(text.find("IAMFullAccess"), std::string::npos) << file;
      }
      for (const auto& [k, child] : o) visit(child);
    };
    visit(templateJson(file));
  }
}

// Names CloudFormation can generate are left to it (hdoc-backend-{stage}-...); these properties
// may only appear where the resource cannot be named otherwise, listed here with the reason.
TEST(TemplateConsistency, NothingIsNamedByHandThatCloudFormationCanName) {
  static const std::set<std::string> kNameProperties = {
      "TableName",    "FunctionName", "RoleName",  "BucketName",   "TopicName",
      "UserPoolName", "AlarmName",    "QueueName", "LogGroupName", "StackName"};
  // logical id -> why it carries a name
  static const std::map<std::string, std::string> kAllowed = {
      {"FunctionLogs", "must be /aws/lambda/{function} for Lambda to log into it"},
      {"ApiInvokePermission", "FunctionName here is a reference to the function, not a new name"},
  };
  for (const char* file : {"infra/template.yaml", "infra/api.yaml", "infra/auth.yaml",
                           "infra/deploy-role.yaml", "cicd/pipeline.yml"}) {
    const auto tmpl = templateJson(file);
    for (const auto& [id, resource] : resources(tmpl)) {
      if (!resource.as_object().contains("Properties")) continue;
      for (const auto& [name, value] : resource.at("Properties").as_object()) {
        if (!kNameProperties.count(std::string(name))) continue;
        EXPECT_TRUE(kAllowed.count(std::string(id))) << file << ": " << id << " sets " << std::string(name);
      }
    }
  }
}

TEST(TemplateConsistency, SamConfigHasOneSectionPerStage) {
  std::ifstream in(sourceDir() / "samconfig.toml");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const std::string stage : {"dev", "staging", "prod"}) {
    EXPECT_NE(text.find("[" + stage + ".deploy.parameters]"), std::string::npos) << stage;
    EXPECT_NE(text.find("stack_name = \"hdoc-backend-" + stage + "\""), std::string::npos) << stage;
    EXPECT_NE(text.find("Stage=" + stage), std::string::npos) << stage;
  }
  EXPECT_NE(text.find("CAPABILITY_AUTO_EXPAND"), std::string::npos) << "nested SAM templates need it";
}

}  // namespace
}  // namespace hdoc::infra
