#include <iostream>

#include "main/commands.hpp"
#include "main/terminal_progress.hpp"
#include "store/sqlite/backup.hpp"

namespace hdoc::cli {
namespace {

std::string databasePathFrom(const Options& options) {
  std::string path = options.value("db").value_or(env("HDOC_DB").value_or("hdoc.db"));
  if (path.empty()) throw UsageError("--db must not be empty");
  return path;
}

}  // namespace

int backupCommand(const Args& args) {
  CommandSpec spec{"hdoc backup --out FILE [options]",
                   "Copies the SQLite database to FILE as one consistent, self-contained file while `hdoc\n"
                   "serve` keeps serving and writing (SQLite's online backup API, from one snapshot). The\n"
                   "copy is checked with PRAGMA integrity_check before it replaces FILE atomically.",
                   {{"db", "PATH", "SQLite database file (default $HDOC_DB, else ./hdoc.db)"},
                    {"out", "FILE", "where to write the backup (required)"},
                    {"pages-per-step", "N", "pages copied per step of the backup API (default 1024)"}}};
  Options options(spec, args);
  if (printedHelp(spec, options)) return 0;
  if (!options.positionals().empty())
    throw UsageError("unexpected argument '" + options.positionals()[0] + "'");
  const auto out = options.value("out");
  if (!out || out->empty()) throw UsageError("backup needs --out FILE");
  const std::string db = databasePathFrom(options);
  store::sqlite::BackupOptions backup;
  backup.pagesPerStep = static_cast<int>(options.count("pages-per-step", 1024, 1 << 20));
  if (backup.pagesPerStep == 0) throw UsageError("--pages-per-step must be at least 1");
  TerminalProgress progress("backing up", 1);
  backup.progress = [&progress](std::size_t done, std::size_t total) { progress.update(done, total); };
  store::sqlite::backupDatabase(db, *out, backup);
  progress.finish();
  std::cerr << "backed up " << db << " to " << *out << " (integrity_check: ok)\n";
  return 0;
}

int restoreCommand(const Args& args) {
  CommandSpec spec{"hdoc restore --from FILE [options]",
                   "Replaces the SQLite database with the backup FILE: checks the backup (integrity_check,\n"
                   "schema version), then puts a copy of it in place atomically. Refuses while an `hdoc\n"
                   "serve` runs on the database; stop it first.",
                   {{"db", "PATH", "SQLite database file to replace (default $HDOC_DB, else ./hdoc.db)"},
                    {"from", "FILE", "the backup to restore (required)"}}};
  Options options(spec, args);
  if (printedHelp(spec, options)) return 0;
  if (!options.positionals().empty())
    throw UsageError("unexpected argument '" + options.positionals()[0] + "'");
  const auto from = options.value("from");
  if (!from || from->empty()) throw UsageError("restore needs --from FILE");
  const std::string db = databasePathFrom(options);
  store::sqlite::restoreDatabase(*from, db);
  std::cerr << "restored " << db << " from " << *from << "\n";
  return 0;
}

}  // namespace hdoc::cli
