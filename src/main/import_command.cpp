#include <fstream>
#include <iostream>
#include <sstream>

#include "core/record_file.hpp"
#include "main/commands.hpp"
#include "main/terminal_progress.hpp"
#include "store/export_stream.hpp"

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

// `hdoc import FILE`, `hdoc import all|entries FILE` (or --file FILE): a complete export.
int importExportFile(const std::string& file, std::optional<store::ExportKind> expected,
                     const Options& options) {
  store::ExportContent content;
  {
    TerminalProgress progress("validating " + file);
    content = store::readExport(readFile(file), expected);
    progress.finish();
  }
  if (!content.errors.empty()) {
    for (const auto& error : content.errors) std::cerr << file << ": " << error << "\n";
    if (content.errors.size() >= store::ExportContent::kMaxErrors)
      std::cerr << file << ": (stopped after that)\n";
    std::cerr << "nothing was imported\n";
    return 1;
  }
  TerminalProgress progress("writing");
  auto storeOptions = storeOptionsFrom(options);
  storeOptions.writeProgress = [&progress](std::size_t done, std::size_t total) {
    progress.update(done, total);
  };
  store::importExport(*store::openStore(storeOptions), content);
  progress.finish();
  std::cerr << "imported " << content.counts.users << " users, " << content.counts.owners << " owners, "
            << content.counts.entries << " entries, " << content.counts.articles << " articles\n";
  return 0;
}

}  // namespace

int importCommand(const Args& args) {
  CommandSpec spec{
      "hdoc import FILE | all|entries FILE | users|articles FILE... [options]",
      "FILE, all FILE, entries FILE: a complete export (`hdoc export all|entries`), put back exactly:\n"
      "users with their figures and owners, entries with their verification, articles. The file is\n"
      "checked whole first (header, every line, the end line's counts and checksum); on any problem\n"
      "each is printed as FILE: line N: problem and nothing is written.\n"
      "users, articles: imports records, upserting by key (githubProfile / article id). Accepts the\n"
      "frontend's files ({\"users\": [...]}, {\"articles\": [...]}), a bare JSON array, NDJSON, and the\n"
      "snake_case users export. Every record is validated first; if any is bad, each problem is\n"
      "printed as FILE: record N: field: problem and nothing is written.",
      storeOptionSpecs()};
  spec.options.push_back({"file", "FILE", "the export to import (with all or entries)"});
  Options options(spec, args);
  if (printedHelp(spec, options)) return 0;
  const auto& pos = options.positionals();
  if (pos.empty() && options.value("file"))
    return importExportFile(*options.value("file"), std::nullopt, options);
  if (pos.size() == 1 && pos[0] != "users" && pos[0] != "articles" && !store::parseExportKind(pos[0])) {
    if (options.value("file")) throw UsageError("give the export as FILE or --file FILE, not both");
    return importExportFile(pos[0], std::nullopt, options);
  }
  if (!pos.empty()) {
    if (const auto kind = store::parseExportKind(pos[0])) {
      const auto flag = options.value("file");
      if (pos.size() + (flag ? 1 : 0) != 2) throw UsageError("import " + pos[0] + " needs exactly one FILE");
      return importExportFile(flag ? *flag : pos[1], kind, options);
    }
  }
  if (options.value("file")) throw UsageError("--file is for a complete export (import all|entries)");
  if (pos.empty() || (pos[0] != "users" && pos[0] != "articles")) {
    throw UsageError("import needs what to import: a complete export FILE, or users or articles FILE...");
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
