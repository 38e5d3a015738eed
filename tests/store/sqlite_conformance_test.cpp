// The store suites (reads and journeys) on SqliteStore: a fresh database file per test, removed afterwards.
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "store/conformance.hpp"
#include "store/journeys_conformance.hpp"
#include "store/pagination_conformance.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/fresh_stores.hpp"

namespace hdoc::testing {
namespace {

std::shared_ptr<store::Store> sqliteStore() {
  return testing::freshSqliteStore("hdoc-conformance");
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance, ::testing::Values(StoreMaker{"Sqlite", sqliteStore}),
                         storeMakerName);
INSTANTIATE_TEST_SUITE_P(Sqlite, JourneysConformance, ::testing::Values(StoreMaker{"Sqlite", sqliteStore}),
                         storeMakerName);

INSTANTIATE_TEST_SUITE_P(Sqlite, PaginationConformance, ::testing::Values(StoreMaker{"Sqlite", sqliteStore}),
                         storeMakerName);

}  // namespace
}  // namespace hdoc::testing
