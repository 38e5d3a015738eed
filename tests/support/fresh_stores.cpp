#include "support/fresh_stores.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <system_error>

#include "store/dynamodb/dynamodb_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/dynamodb_local.hpp"

namespace hdoc::testing {

std::shared_ptr<store::Store> freshSqliteStore(const std::string& prefix) {
  static std::atomic<int> counter{0};
  const auto path = std::filesystem::temp_directory_path() /
                    (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".db");
  std::filesystem::remove(path);
  return std::shared_ptr<store::Store>(new store::SqliteStore(path.string()), [path](store::Store* s) {
    delete s;
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(path.string() + suffix, ec);
  });
}

std::shared_ptr<store::Store> freshDynamoStore() {
  store::DynamoConfig config = DynamoDbLocal::instance().freshTable();
  config.leaderboardShards = 4;
  return std::make_shared<store::DynamoStore>(config);
}

}  // namespace hdoc::testing
