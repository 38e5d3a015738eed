// SqliteStore's internals, shared by the files that implement it: sqlite_store.cpp (opening, health,
// change detection, query plans), reads.cpp, writes.cpp (imports, deletions, articles) and
// journeys.cpp (profiles and entries).
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/entry.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace hdoc::store {

struct SqliteStore::Impl {
  std::string path;
  std::mutex poolMutex;
  std::vector<std::unique_ptr<sqlite::Connection>> idle;  // connections not in use, with their statements

  // A connection that never writes: its PRAGMA data_version changes whenever any other
  // connection, in this process or another, commits.
  std::mutex watchMutex;
  std::unique_ptr<sqlite::Connection> watch;
  std::atomic<std::uint64_t> externalVersion{0};
  // steady_clock nanoseconds of the last data_version check that started; the minimum: never.
  std::atomic<std::int64_t> watchCheckedAt{std::numeric_limits<std::int64_t>::min()};
  std::atomic<std::uint64_t> localWrites{0};

  // Borrows a pooled connection for one call; the pool grows to the number of concurrent callers.
  class Lease {
   public:
    explicit Lease(Impl& impl);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    sqlite::Connection* operator->() { return conn_.get(); }
    sqlite::Connection& operator*() { return *conn_; }

   private:
    Impl& impl_;
    std::unique_ptr<sqlite::Connection> conn_;
  };

  // Runs `fn(connection)` in one BEGIN IMMEDIATE transaction and counts the write. `rows`: how many
  // records the call writes (a bulk load gets a larger page cache for its duration).
  template <class Fn>
  void write(Fn&& fn, std::size_t rows = 1) {
    Lease conn(*this);
    BulkCache cache(*conn, rows >= kBulkRows);
    sqlite::Transaction txn(*conn);
    fn(*conn);
    txn.commit();
    localWrites.fetch_add(1, std::memory_order_release);
  }

 private:
  // A bulk load (import, seed) updates four user indexes in random key order; with SQLite's
  // default 2 MiB page cache most of its time goes to re-reading index pages. A larger cache for
  // the duration of the batch only keeps serving memory small.
  static constexpr std::size_t kBulkRows = 10000;
  class BulkCache {
   public:
    BulkCache(sqlite::Connection& conn, bool on);
    ~BulkCache();

   private:
    sqlite::Connection& conn_;
    bool on_;
  };
};

namespace sqlite {

// The stored spelling of a journeyer's githubProfile; nullopt when there is no such user.
std::optional<std::string> profileOf(Connection& conn, const std::string& fold);
// A journeyer's entries by day then platform.
std::vector<core::Entry> entriesOf(Connection& conn, const std::string& fold,
                                   const std::string& githubProfile);
// Recomputes the journeyer's figures from all their entries; runs inside the caller's transaction,
// so the leaderboard never sees an entry without its score.
void recomputeScores(Connection& conn, const std::string& fold, const std::string& githubProfile);

}  // namespace sqlite
}  // namespace hdoc::store
