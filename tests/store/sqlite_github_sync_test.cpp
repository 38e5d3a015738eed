// The GitHub journey sync suite on SqliteStore: a fresh database file per test, removed afterwards.
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "store/github_sync_conformance.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace hdoc::test {
namespace {

std::shared_ptr<store::Store> freshSqliteStore() {
  static std::atomic<int> counter{0};
  const auto path =
      std::filesystem::temp_directory_path() /
      ("hdoc-github-sync-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".db");
  std::filesystem::remove(path);
  return std::shared_ptr<store::Store>(new store::SqliteStore(path.string()), [path](store::Store* s) {
    delete s;
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(path.string() + suffix, ec);
  });
}

INSTANTIATE_TEST_SUITE_P(Sqlite, GithubSyncConformance,
                         ::testing::Values(StoreMaker{"Sqlite", freshSqliteStore}), storeMakerName);

}  // namespace
}  // namespace hdoc::test
