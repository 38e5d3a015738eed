// The table's key schema is written in C++ (table_schema.cpp, used by `hdoc dynamodb create-table`)
// and in infra/database.yaml (used by CloudFormation). These tests read the YAML and fail on any
// difference in attribute definitions, the table key or the global secondary indexes.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "store/dynamodb/table_schema.hpp"

namespace hdoc::testing {
namespace {

using store::dynamodb::AttributeDefinition;
using store::dynamodb::IndexDefinition;
using store::dynamodb::KeySchema;
using store::dynamodb::TableSchema;

// --- just enough YAML: block maps, block sequences, plain/quoted scalars, folded blocks, and
// CloudFormation tags (!If, !Ref, ...) kept as the scalar text they start ---

struct Node {
  std::string scalar;
  std::vector<std::pair<std::string, std::shared_ptr<Node>>> map;
  std::vector<std::shared_ptr<Node>> seq;

  const Node* get(const std::string& key) const {
    for (const auto& [k, v] : map) {
      if (k == key) return v.get();
    }
    return nullptr;
  }
  const Node& at(const std::string& key) const {
    const Node* n = get(key);
    if (!n) throw std::runtime_error("YAML: no key " + key);
    return *n;
  }
};

struct Line {
  int indent;
  std::string text;
};

std::string stripComment(const std::string& s) {
  char quote = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (quote) {
      if (s[i] == quote) quote = 0;
    } else if (s[i] == '"' || s[i] == '\'') {
      quote = s[i];
    } else if (s[i] == '#' && (i == 0 || s[i - 1] == ' ')) {
      return s.substr(0, i);
    }
  }
  return s;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  std::size_t start = s.find_first_not_of(' ');
  return start == std::string::npos ? "" : s.substr(start);
}

std::string unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    return s.substr(1, s.size() - 2);
  return s;
}

class Yaml {
 public:
  explicit Yaml(const std::string& text) {
    std::istringstream in(text);
    std::string raw;
    std::vector<std::string> rawLines;
    while (std::getline(in, raw)) rawLines.push_back(raw);
    for (std::size_t i = 0; i < rawLines.size(); ++i) {
      std::string body = trim(stripComment(rawLines[i]));
      if (body.empty() || body == "---") continue;
      const int indent = static_cast<int>(rawLines[i].find_first_not_of(' '));
      // A folded or literal block scalar: its more-indented lines are one value.
      if (body.ends_with(": >-") || body.ends_with(": >") || body.ends_with(": |") ||
          body.ends_with(": |-")) {
        std::string folded;
        while (i + 1 < rawLines.size()) {
          const std::string& next = rawLines[i + 1];
          const auto nextIndent = next.find_first_not_of(' ');
          if (nextIndent != std::string::npos && static_cast<int>(nextIndent) <= indent) break;
          folded += (folded.empty() ? "" : " ") + trim(next);
          ++i;
        }
        body = body.substr(0, body.rfind(':')) + ": " + folded;
      }
      lines_.push_back({indent, body});
    }
  }

  Node parse() {
    if (lines_.empty()) return {};
    return block(lines_[0].indent);
  }

 private:
  Node block(int indent) {
    Node node;
    while (pos_ < lines_.size() && lines_[pos_].indent == indent) {
      Line& line = lines_[pos_];
      if (line.text == "-" || line.text.starts_with("- ")) {
        // "- key: value" starts a map two columns in; "- value" is a scalar item.
        std::string rest = line.text == "-" ? "" : trim(line.text.substr(2));
        if (rest.empty()) {
          ++pos_;
          node.seq.push_back(std::make_shared<Node>(block(lines_[pos_].indent)));
        } else if (keyOf(rest)) {
          line.indent += 2;
          line.text = rest;
          node.seq.push_back(std::make_shared<Node>(block(indent + 2)));
        } else {
          ++pos_;
          node.seq.push_back(std::make_shared<Node>(Node{unquote(rest), {}, {}}));
        }
        continue;
      }
      auto key = keyOf(line.text);
      if (!key) throw std::runtime_error("YAML: cannot read line: " + line.text);
      std::string value = trim(line.text.substr(key->size() + 1));
      ++pos_;
      auto child = std::make_shared<Node>();
      if (!value.empty()) {
        child->scalar = unquote(value);
      } else if (pos_ < lines_.size() &&
                 (lines_[pos_].indent > indent ||
                  (lines_[pos_].indent == indent && lines_[pos_].text.starts_with("- ")))) {
        *child = block(lines_[pos_].indent);
      }
      node.map.emplace_back(unquote(*key), child);
    }
    return node;
  }

  // The key of a "key: value" or "key:" line (not a tag or flow value that merely holds a colon).
  static std::optional<std::string> keyOf(const std::string& text) {
    if (text.empty() || text[0] == '!' || text[0] == '[' || text[0] == '{') return std::nullopt;
    std::size_t colon = text.find(": ");
    if (colon == std::string::npos && text.back() == ':') colon = text.size() - 1;
    if (colon == std::string::npos) return std::nullopt;
    return text.substr(0, colon);
  }

  std::vector<Line> lines_;
  std::size_t pos_ = 0;
};

// --- the comparison ---

KeySchema keySchemaOf(const Node& keys) {
  KeySchema k;
  for (const auto& part : keys.seq) {
    const std::string type = part->at("KeyType").scalar;
    (type == "HASH" ? k.hash : k.range) = part->at("AttributeName").scalar;
  }
  return k;
}

const Node& tableProperties(const Node& tmpl) {
  for (const auto& [name, resource] : tmpl.at("Resources").map) {
    if (resource->at("Type").scalar == "AWS::DynamoDB::Table") return resource->at("Properties");
  }
  throw std::runtime_error("no AWS::DynamoDB::Table resource");
}

std::string describe(const KeySchema& k) {
  return k.hash + "/" + (k.range.empty() ? "-" : k.range);
}

std::vector<std::string> schemaDifferences(const Node& tmpl, const TableSchema& schema) {
  std::vector<std::string> diffs;
  const Node& props = tableProperties(tmpl);

  std::map<std::string, std::string> yamlAttrs, cppAttrs;
  for (const auto& a : props.at("AttributeDefinitions").seq) {
    yamlAttrs[a->at("AttributeName").scalar] = a->at("AttributeType").scalar;
  }
  for (const auto& a : schema.attributes) cppAttrs[a.name] = a.type;
  for (const auto& [name, type] : cppAttrs) {
    if (!yamlAttrs.count(name))
      diffs.push_back("attribute " + name + " missing in YAML");
    else if (yamlAttrs[name] != type)
      diffs.push_back("attribute " + name + " type " + yamlAttrs[name] + " vs " + type);
  }
  for (const auto& [name, type] : yamlAttrs) {
    if (!cppAttrs.count(name)) diffs.push_back("attribute " + name + " only in YAML");
  }

  if (keySchemaOf(props.at("KeySchema")) != schema.key) {
    diffs.push_back("table key " + describe(keySchemaOf(props.at("KeySchema"))) + " vs " +
                    describe(schema.key));
  }

  std::map<std::string, IndexDefinition> yamlIndexes;
  for (const auto& i : props.at("GlobalSecondaryIndexes").seq) {
    IndexDefinition def{i->at("IndexName").scalar, keySchemaOf(i->at("KeySchema")),
                        i->at("Projection").at("ProjectionType").scalar};
    yamlIndexes[def.name] = def;
  }
  for (const auto& index : schema.indexes) {
    auto it = yamlIndexes.find(index.name);
    if (it == yamlIndexes.end()) {
      diffs.push_back("index " + index.name + " missing in YAML");
      continue;
    }
    if (it->second.key != index.key) {
      diffs.push_back("index " + index.name + " key " + describe(it->second.key) + " vs " +
                      describe(index.key));
    }
    if (it->second.projection != index.projection)
      diffs.push_back("index " + index.name + " projection differs");
    yamlIndexes.erase(it);
  }
  for (const auto& [name, def] : yamlIndexes) diffs.push_back("index " + name + " only in YAML");
  return diffs;
}

std::string readTemplate() {
  const auto path = std::filesystem::path(HDOC_SOURCE_DIR) / "infra" / "database.yaml";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

TEST(DynamoSchema, TheTemplateDeclaresExactlyTheKeySchemaOfTheCode) {
  const Node tmpl = Yaml(readTemplate()).parse();
  const auto diffs = schemaDifferences(tmpl, store::dynamodb::tableSchema());
  EXPECT_TRUE(diffs.empty()) << join(diffs);
}

TEST(DynamoSchema, AnyDriftIsReported) {
  const std::string text = readTemplate();
  const Node tmpl = Yaml(text).parse();
  TableSchema changed = store::dynamodb::tableSchema();
  changed.indexes.back().key.range = "somethingElse";
  EXPECT_EQ(schemaDifferences(tmpl, changed).size(), 1u);
  changed = store::dynamodb::tableSchema();
  changed.attributes.push_back({"extra", "S"});
  changed.key.range.clear();
  EXPECT_EQ(schemaDifferences(tmpl, changed).size(), 2u);
  changed = store::dynamodb::tableSchema();
  changed.indexes.pop_back();
  EXPECT_EQ(schemaDifferences(tmpl, changed).size(), 1u);

  // And the other way round: a YAML edit the code does not have.
  std::string edited = text;
  const auto pos = edited.find("AttributeName: articleId\n          AttributeType: N");
  ASSERT_NE(pos, std::string::npos);
  edited.replace(edited.find("AttributeType: N", pos), 16, "AttributeType: S");
  EXPECT_EQ(schemaDifferences(Yaml(edited).parse(), store::dynamodb::tableSchema()).size(), 1u);
}

TEST(DynamoSchema, TheTemplateKeepsTheOperationalSettings) {
  const Node tmpl = Yaml(readTemplate()).parse();
  const Node& props = tableProperties(tmpl);
  EXPECT_EQ(props.at("BillingMode").scalar, "PAY_PER_REQUEST");
  EXPECT_EQ(props.at("PointInTimeRecoverySpecification").at("PointInTimeRecoveryEnabled").scalar, "true");
  EXPECT_EQ(props.at("DeletionProtectionEnabled").scalar, "!If [IsProd, true, false]");
  EXPECT_EQ(props.get("TableName"), nullptr) << "CloudFormation names the table";
  EXPECT_EQ(tmpl.at("Conditions").at("IsProd").scalar, "!Equals [!Ref Stage, prod]");
  for (const char* parameter : {"AppName", "Stage", "LeaderboardShards"}) {
    EXPECT_NE(tmpl.at("Parameters").get(parameter), nullptr) << parameter;
  }
  for (const char* output : {"TableName", "TableArn"})
    EXPECT_NE(tmpl.at("Outputs").get(output), nullptr) << output;
}

TEST(DynamoSchema, TheCreateTableRequestCarriesTheSchema) {
  const auto req = store::dynamodb::createTableRequest("t");
  EXPECT_EQ(req.at("TableName"), "t");
  EXPECT_EQ(req.at("BillingMode"), "PAY_PER_REQUEST");
  EXPECT_EQ(req.at("AttributeDefinitions").as_array().size(),
            store::dynamodb::tableSchema().attributes.size());
  EXPECT_EQ(req.at("GlobalSecondaryIndexes").as_array().size(),
            store::dynamodb::tableSchema().indexes.size());
  for (const auto& index : req.at("GlobalSecondaryIndexes").as_array()) {
    EXPECT_EQ(index.at("Projection").at("ProjectionType"), "ALL");
  }
}

}  // namespace
}  // namespace hdoc::testing
