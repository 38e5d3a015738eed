// Online backup and restore of the SQLite database file (`hdoc backup`, `hdoc restore`).
//
// Why SQLite's online backup API (sqlite3_backup_step) and how it is used: a plain copy of a WAL
// database while `hdoc serve` writes is not a snapshot (the main file and its -wal change under the
// copy, and recent commits live only in the -wal), and VACUUM INTO rebuilds the whole database in one
// statement with no progress and no way to pace it. The backup API copies pages through an SQLite
// connection, so it sees committed data only. backupDatabase opens one read transaction on the source
// and keeps it open across every step: in WAL mode a reader never blocks the writer, so the server keeps
// committing while the copy runs, and every step copies from the same snapshot. Without that open
// transaction, each step would start a new read, and a commit by the server between two steps would
// make SQLite restart the copy from the first page: under steady writes a large backup might never
// finish. The copy goes in steps of a bounded number of pages so that it shows progress and yields the
// source file between steps (a database in rollback-journal mode, which hdoc never creates, then lets a
// writer in between steps instead of waiting out the whole copy). The cost of the open snapshot: the
// server's WAL cannot be checkpointed past it, so the -wal file grows while a backup runs and is
// checkpointed back to its usual size afterwards.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace hdoc::store::sqlite {

struct BackupOptions {
  int pagesPerStep = 1024;                                            // 4 MiB of the default 4 KiB pages
  std::function<void(std::size_t done, std::size_t total)> progress;  // pages copied, pages in all
};

// Copies the database at `databasePath` (which must exist; it is opened read-only) to `outPath` as one
// self-contained file (rollback-journal mode, no -wal), consistent as of one committed state. The copy
// is written to a temporary file next to `outPath`, checked with PRAGMA integrity_check and
// foreign_key_check, synced, and only then renamed over `outPath`, so `outPath` is either the old file
// or a complete verified backup. Throws std::runtime_error naming the problem.
void backupDatabase(const std::string& databasePath, const std::string& outPath,
                    const BackupOptions& options = {});

// What is wrong with the database file at `path` as an hdoc database: the rows of integrity_check and
// foreign_key_check, a schema version this hdoc does not know (0: not an hdoc database; above
// SqliteStore::schemaVersion(): made by a newer hdoc). Empty when it is sound. Opens it read-only.
std::vector<std::string> databaseProblems(const std::string& path);

// Puts the backup `backupPath` in place of `databasePath`: checks it (databaseProblems), copies it to a
// temporary file next to `databasePath`, removes the old database's -wal, -shm and -journal files (a
// -wal left beside a different database would be replayed into it) and renames the copy over
// `databasePath`. Holds the exclusive DatabaseLock while it does, and refuses (std::runtime_error
// saying what to do) when a running `hdoc serve` holds the database.
void restoreDatabase(const std::string& backupPath, const std::string& databasePath);

}  // namespace hdoc::store::sqlite
