// The formats `hdoc import` accepts, as a pure function of a file's bytes: the frontend's wrapped
// files ({"users": [...]} / {"articles": [...]}), a bare JSON array, or NDJSON (one record a line).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace hdoc::core {

template <class T>
struct RecordFile {
  std::vector<T> records;
  // "record N: field: problem", N counting from 1 in file order; empty when every record is valid.
  std::vector<std::string> errors;
};

// `progress(done, total)` is called now and then while records are validated.
using Progress = std::function<void(std::size_t done, std::size_t total)>;

RecordFile<User> parseUserFile(std::string_view content, const Progress& progress = {});
RecordFile<Article> parseArticleFile(std::string_view content, const Progress& progress = {});

}  // namespace hdoc::core
