#include <fstream>
#include <iostream>
#include <sstream>

#include "core/record_file.hpp"
#include "main/commands.hpp"
#include "main/terminal_progress.hpp"

namespace hdoc::cli {
namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open file");
  std::ostringstream buf;
  buf << in.rdbuf();
  return std::move(buf).str();
}

// Parses and validates every file before anything is written; returns false (after printing
// every problem) when any record is bad.
template <class T, class Parse>
bool collect(const std::vector<std::string>& files, Parse parse, std::vector<T>& records) {
  bool ok = true;
  for (const auto& file : files) {
    TerminalProgress progress("validating " + file);
    auto parsed =
        parse(readFile(file), [&](std::size_t done, std::size_t total) { progress.update(done, total); });
    progress.finish();
    for (const auto& error : parsed.errors) std::cerr << file << ": " << error << "\n";
    ok = ok && parsed.errors.empty();
    records.insert(records.end(), std::make_move_iterator(parsed.records.begin()),
                   std::make_move_iterator(parsed.records.end()));
  }
  return ok;
}

}  // namespace

int importCommand(const Args& args) {
  CommandSpec spec{
      "hdoc import users|articles FILE... [options]",
      "Imports records, upserting by key (githubProfile / article id). Accepts the frontend's files\n"
      "({\"users\": [...]}, {\"articles\": [...]}), a bare JSON array, NDJSON, and the snake_case\n"
      "users export. Every record is validated first; if any is bad, each problem is printed as\n"
      "FILE: record N: field: problem and nothing is written.",
      storeOptionSpecs()};
  Options options(spec, args);
  if (printedHelp(spec, options)) return 0;
  const auto& pos = options.positionals();
  if (pos.empty() || (pos[0] != "users" && pos[0] != "articles")) {
    throw UsageError("import needs what to import: users or articles");
  }
  const std::vector<std::string> files(pos.begin() + 1, pos.end());
  if (files.empty()) throw UsageError("import " + pos[0] + " needs at least one FILE");
  // SQLite writes everything in one transaction (fast, atomic); DynamoDB writes in chunks and
  // reports progress, and re-running the same import converges to the same table.
  TerminalProgress progress("writing");
  auto storeOptions = storeOptionsFrom(options);
  storeOptions.writeProgress = [&progress](std::size_t done, std::size_t total) {
    progress.update(done, total);
  };
  auto open = [&] { return store::openStore(storeOptions); };
  std::size_t written = 0;
  if (pos[0] == "users") {
    std::vector<core::User> users;
    if (!collect(files, core::parseUserFile, users)) return 1;
    open()->upsertUsers(users);
    written = users.size();
  } else {
    std::vector<core::Article> articles;
    if (!collect(files, core::parseArticleFile, articles)) return 1;
    open()->upsertArticles(articles);
    written = articles.size();
  }
  progress.finish();
  std::cerr << "imported " << written << " " << pos[0] << "\n";
  return 0;
}

}  // namespace hdoc::cli
