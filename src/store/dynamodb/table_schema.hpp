// The table's key schema, defined once: `hdoc dynamodb create-table` sends it, infra/database.yaml
// repeats it for CloudFormation, and tests/store/dynamodb_schema_test.cpp fails when the two differ.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace hdoc::store::dynamodb {

// Key attributes (every other attribute is a record field under its API name).
namespace attr {
inline constexpr std::string_view kPk = "pk";  // S: "USER#<folded profile>", "ARTICLE", "TAG#<tag>"
inline constexpr std::string_view kSk = "sk";  // S: "USER", zero-padded article id, "COUNT"
inline constexpr std::string_view kUserShard = "ushard";     // S: "U#<n>", users only
inline constexpr std::string_view kScoreKey = "lbKey";       // S: inverted total score + '#' + githubProfile
inline constexpr std::string_view kJoinKey = "joinKey";      // S: joined millis + '#' + githubProfile
inline constexpr std::string_view kRecentKey = "recentKey";  // S: inverted joined millis + '#' + profile
inline constexpr std::string_view kTagFold = "tagFold";      // S: asciiFold(tags), articles only
inline constexpr std::string_view kArticleId = "articleId";  // N: articles only
inline constexpr std::string_view kCountPart = "countPart";  // S: "TAGCOUNT", tag counters only
inline constexpr std::string_view kCount = "tagCount";       // N: articles carrying exactly this tag
}  // namespace attr

namespace index {
inline constexpr std::string_view kLeaderboard = "leaderboard";      // ushard / lbKey
inline constexpr std::string_view kRegistration = "registration";    // ushard / joinKey
inline constexpr std::string_view kRecent = "recent";                // ushard / recentKey
inline constexpr std::string_view kArticlesByTag = "articlesByTag";  // tagFold / articleId
inline constexpr std::string_view kTagCounts = "tagCounts";          // countPart / tagCount
}  // namespace index

struct AttributeDefinition {
  std::string name;
  std::string type;  // "S" or "N"
  bool operator==(const AttributeDefinition&) const = default;
};

struct KeySchema {
  std::string hash;
  std::string range;  // empty when the key has no sort key
  bool operator==(const KeySchema&) const = default;
};

struct IndexDefinition {
  std::string name;
  KeySchema key;
  std::string projection;  // "ALL"
  bool operator==(const IndexDefinition&) const = default;
};

struct TableSchema {
  std::vector<AttributeDefinition> attributes;
  KeySchema key;
  std::vector<IndexDefinition> indexes;
};

const TableSchema& tableSchema();

// The CreateTable request for `tableName`: the schema above, on-demand billing.
boost::json::object createTableRequest(const std::string& tableName);

}  // namespace hdoc::store::dynamodb
