// Serialises the model to the frontend's JSON, byte for byte the same on every store and host.
// Hand-written (not boost::json::serialize) so that field order is fixed and no DOM is built on the
// read path.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/entry.hpp"
#include "core/model.hpp"

namespace hdoc::core {

void appendJsonString(std::string& out, std::string_view s);
void appendJson(std::string& out, const User& user);
void appendJson(std::string& out, const Article& article);
void appendJson(std::string& out, const TagCount& tag);
// {"githubProfile","day","platform","url","date","verified"}: a journeyer's log entry.
void appendJson(std::string& out, const Entry& entry);

template <class T>
std::string toJson(const T& value) {
  std::string out;
  appendJson(out, value);
  return out;
}

template <class T>
std::string toJsonArray(std::span<const T> values) {
  std::string out;
  out.reserve(values.size() * 320 + 2);
  out.push_back('[');
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out.push_back(',');
    appendJson(out, values[i]);
  }
  out.push_back(']');
  return out;
}

}  // namespace hdoc::core
