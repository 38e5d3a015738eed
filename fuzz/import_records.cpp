// Fuzz target: the files `hdoc import` accepts (core::parseUserFile / parseArticleFile): the
// frontend's wrapped files, bare arrays, NDJSON and the snake_case users export, with record
// validation. Both parsers see every input.
//
// Checked beyond "no crash": what import accepts, export reproduces. When a file is accepted with no
// error, its records written back as JSON (the export format) parse again, without error, to equal
// records: `hdoc import` of an `hdoc export` round-trips.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "core/json_writer.hpp"
#include "core/record_file.hpp"

namespace {

template <class T, class Parse>
void checkRoundTrip(std::string_view content, Parse parse) {
  const auto first = parse(content, {});
  if (!first.errors.empty() || first.records.empty()) return;
  const std::string exported = hdoc::core::toJsonArray(std::span<const T>(first.records));
  const auto second = parse(exported, {});
  if (!second.errors.empty()) std::abort();
  if (second.records != first.records) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  checkRoundTrip<hdoc::core::User>(content, hdoc::core::parseUserFile);
  checkRoundTrip<hdoc::core::Article>(content, hdoc::core::parseArticleFile);
  return 0;
}
