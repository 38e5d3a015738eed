// The store suites (reads and journeys) on SqliteStore: a fresh database file per test, removed afterwards.
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "store/conformance.hpp"
#include "store/journeys_conformance.hpp"
#include "store/pagination_conformance.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace hdoc::testing {
namespace {

std::shared_ptr<store::Store> freshSqliteStore() {
  static std::atomic<int> counter{0};
  const auto path =
      std::filesystem::temp_directory_path() /
      ("hdoc-conformance-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".db");
  std::filesystem::remove(path);
  return std::shared_ptr<store::Store>(new store::SqliteStore(path.string()), [path](store::Store* s) {
    delete s;
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(path.string() + suffix, ec);
    }
  });
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance, ::testing::Values(StoreMaker{"Sqlite", freshSqliteStore}),
                         storeMakerName);
INSTANTIATE_TEST_SUITE_P(Sqlite, JourneysConformance,
                         ::testing::Values(StoreMaker{"Sqlite", freshSqliteStore}), storeMakerName);

INSTANTIATE_TEST_SUITE_P(Sqlite, PaginationConformance,
                         ::testing::Values(StoreMaker{"Sqlite", freshSqliteStore}), storeMakerName);

}  // namespace
}  // namespace hdoc::testing
