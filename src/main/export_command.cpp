#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "core/date.hpp"
#include "core/json_writer.hpp"
#include "main/commands.hpp"
#include "store/export_stream.hpp"

namespace hdoc::cli {

namespace {

// The export's time: $SOURCE_DATE_EPOCH when set (the reproducible-builds convention, so that two
// exports of the same data can be compared byte for byte), else now.
std::string exportedAt() {
  if (const auto epoch = env("SOURCE_DATE_EPOCH")) {
    if (epoch->find_first_not_of("0123456789") != std::string::npos || epoch->size() > 12) {
      throw UsageError("SOURCE_DATE_EPOCH must be a number of seconds, got '" + *epoch + "'");
    }
    return core::formatUtcTimestamp(std::stoll(*epoch));
  }
  return core::formatUtcTimestamp(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

}  // namespace

int exportCommand(const Args& args) {
  CommandSpec spec{
      "hdoc export all|entries|users|articles [options]",
      "all: everything a user can see, as one versioned NDJSON stream (users with every stored\n"
      "field and figure, their owners, entries and articles; then an end line with counts and a\n"
      "checksum), for `hdoc import FILE` into either store. entries: the daily entries only.\n"
      "users, articles: every record in the frontend's format ({\"users\": [...]} in\n"
      "registration order, {\"articles\": [...]} by id), one record per line; `hdoc import` of\n"
      "the output reproduces the data exactly. Every export streams in bounded memory.",
      storeOptionSpecs()};
  spec.options.push_back({"out", "FILE", "write to FILE instead of standard output"});
  Options options(spec, args);
  if (printedHelp(spec, options)) return 0;
  const auto& pos = options.positionals();
  if (pos.size() != 1 || (pos[0] != "users" && pos[0] != "articles" && !store::parseExportKind(pos[0]))) {
    throw UsageError("export needs exactly one of: all, entries, users, articles");
  }
  auto store = store::openStore(storeOptionsFrom(options));

  std::ofstream file;
  if (auto out = options.value("out")) {
    file.open(*out, std::ios::binary | std::ios::trunc);
    if (!file) throw std::runtime_error(*out + ": cannot write");
  }
  std::ostream& out = file.is_open() ? static_cast<std::ostream&>(file) : std::cout;
  if (const auto kind = store::parseExportKind(pos[0])) {
    const auto counts = store::writeExport(*store, {*kind, kHdocVersion, exportedAt()}, out);
    std::cerr << "exported " << counts.users << " users, " << counts.owners << " owners, " << counts.entries
              << " entries, " << counts.articles << " articles\n";
    return 0;
  }
  std::string line;
  bool first = true;
  auto emit = [&](const auto& record) {
    line.clear();
    line += first ? "\n" : ",\n";
    core::appendJson(line, record);
    out << line;
    first = false;
  };
  out << "{\"" << pos[0] << "\":[";
  if (pos[0] == "users") {
    store->forEachUser(emit);
  } else {
    store->forEachArticle(emit);
  }
  out << (first ? "]}\n" : "\n]}\n");
  out.flush();
  if (!out) throw std::runtime_error("export: write failed");
  return 0;
}

}  // namespace hdoc::cli
