#include "store/dynamodb/table_schema.hpp"

#include <boost/json.hpp>

namespace hdoc::store::dynamodb {
namespace json = boost::json;

const TableSchema& tableSchema() {
  static const TableSchema schema = [] {
    auto s = [](std::string_view v) { return std::string(v); };
    TableSchema t;
    t.attributes = {
        {s(attr::kPk), "S"},       {s(attr::kSk), "S"},        {s(attr::kUserShard), "S"},
        {s(attr::kScoreKey), "S"}, {s(attr::kJoinKey), "S"},   {s(attr::kRecentKey), "S"},
        {s(attr::kTagFold), "S"},  {s(attr::kArticleId), "N"}, {s(attr::kCountPart), "S"},
        {s(attr::kCount), "N"},
    };
    t.key = {s(attr::kPk), s(attr::kSk)};
    // Every index projects ALL attributes, so a listing is answered by the index Query alone.
    t.indexes = {
        {s(index::kLeaderboard), {s(attr::kUserShard), s(attr::kScoreKey)}, "ALL"},
        {s(index::kRegistration), {s(attr::kUserShard), s(attr::kJoinKey)}, "ALL"},
        {s(index::kRecent), {s(attr::kUserShard), s(attr::kRecentKey)}, "ALL"},
        {s(index::kArticlesByTag), {s(attr::kTagFold), s(attr::kArticleId)}, "ALL"},
        {s(index::kTagCounts), {s(attr::kCountPart), s(attr::kCount)}, "ALL"},
    };
    return t;
  }();
  return schema;
}

namespace {

json::array keySchemaJson(const KeySchema& key) {
  json::array out;
  out.push_back({{"AttributeName", key.hash}, {"KeyType", "HASH"}});
  if (!key.range.empty()) out.push_back({{"AttributeName", key.range}, {"KeyType", "RANGE"}});
  return out;
}

}  // namespace

json::object createTableRequest(const std::string& tableName) {
  const TableSchema& schema = tableSchema();
  json::object req;
  req["TableName"] = tableName;
  json::array attributes;
  for (const auto& a : schema.attributes) {
    attributes.push_back({{"AttributeName", a.name}, {"AttributeType", a.type}});
  }
  req["AttributeDefinitions"] = std::move(attributes);
  req["KeySchema"] = keySchemaJson(schema.key);
  json::array indexes;
  for (const auto& i : schema.indexes) {
    json::object index;
    index["IndexName"] = i.name;
    index["KeySchema"] = keySchemaJson(i.key);
    index["Projection"] = {{"ProjectionType", i.projection}};
    indexes.push_back(std::move(index));
  }
  req["GlobalSecondaryIndexes"] = std::move(indexes);
  req["BillingMode"] = "PAY_PER_REQUEST";
  return req;
}

}  // namespace hdoc::store::dynamodb
