#include "core/record_file.hpp"

#include <boost/json.hpp>

#include "core/records.hpp"

namespace hdoc::core {
namespace {

namespace json = boost::json;

// The records of a whole-document file, or nullopt when the content is not one JSON document.
std::optional<std::vector<json::value>> wholeDocument(std::string_view content, std::string_view wrapper,
                                                      std::vector<std::string>& errors) {
  json::error_code ec;
  json::value doc = json::parse(content, ec);
  if (ec) return std::nullopt;
  if (doc.is_array()) return std::vector<json::value>(doc.get_array().begin(), doc.get_array().end());
  if (doc.is_object()) {
    auto& obj = doc.get_object();
    if (auto* inner = obj.if_contains(wrapper)) {
      if (obj.size() != 1) {
        errors.push_back("the wrapper object must have only the \"" + std::string(wrapper) + "\" member");
        return std::vector<json::value>{};
      }
      if (!inner->is_array()) {
        errors.push_back("\"" + std::string(wrapper) + "\" must be an array");
        return std::vector<json::value>{};
      }
      return std::vector<json::value>(inner->get_array().begin(), inner->get_array().end());
    }
    if (obj.size() == 1 && obj.begin()->value().is_array()) {
      errors.push_back("expected {\"" + std::string(wrapper) + "\": [...]}, found \"" +
                       std::string(obj.begin()->key()) + "\"");
      return std::vector<json::value>{};
    }
    return std::vector<json::value>{std::move(doc)};  // NDJSON with a single line
  }
  errors.push_back("expected a JSON array, an object {\"" + std::string(wrapper) + "\": [...]} or NDJSON");
  return std::vector<json::value>{};
}

template <class T, class Convert>
RecordFile<T> parseFile(std::string_view content, std::string_view wrapper, Convert convert,
                        const Progress& progress) {
  RecordFile<T> out;
  std::vector<json::value> values;
  std::vector<std::size_t> lines;  // NDJSON: the line of each record, for messages
  if (auto doc = wholeDocument(content, wrapper, out.errors)) {
    values = std::move(*doc);
  } else {
    std::size_t line = 0, start = 0;
    while (start <= content.size()) {
      std::size_t end = content.find('\n', start);
      if (end == std::string_view::npos) end = content.size();
      ++line;
      std::string_view text = content.substr(start, end - start);
      start = end + 1;
      if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      json::error_code ec;
      json::value v = json::parse(text, ec);
      if (ec) {
        out.errors.push_back("line " + std::to_string(line) + ": invalid JSON: " + ec.message());
        continue;
      }
      values.push_back(std::move(v));
      lines.push_back(line);
    }
  }
  out.records.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    auto validated = convert(values[i]);
    if (!validated.ok()) {
      std::string where = "record " + std::to_string(i + 1);
      if (!lines.empty()) where += " (line " + std::to_string(lines[i]) + ")";
      for (const auto& e : validated.errors) out.errors.push_back(where + ": " + e.field + ": " + e.problem);
    } else {
      out.records.push_back(std::move(validated.value));
    }
    if (progress && (i % 4096 == 0 || i + 1 == values.size())) progress(i + 1, values.size());
  }
  if (content.find_first_not_of(" \t\r\n") == std::string_view::npos)
    out.errors.push_back("the file is empty");
  return out;
}

}  // namespace

RecordFile<User> parseUserFile(std::string_view content, const Progress& progress) {
  return parseFile<User>(content, "users", userFromJson, progress);
}

RecordFile<Article> parseArticleFile(std::string_view content, const Progress& progress) {
  return parseFile<Article>(content, "articles", articleFromJson, progress);
}

}  // namespace hdoc::core
