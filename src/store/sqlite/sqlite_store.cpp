#include "store/sqlite/sqlite_store.hpp"

#include "store/sqlite/queries.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sqlite/store_impl.hpp"

namespace hdoc::store {

namespace sql = sqlite::sql;

using sqlite::Connection;

SqliteStore::Impl::Lease::Lease(Impl& impl) : impl_(impl) {
  {
    std::lock_guard lock(impl_.poolMutex);
    if (!impl_.idle.empty()) {
      conn_ = std::move(impl_.idle.back());
      impl_.idle.pop_back();
    }
  }
  if (!conn_) conn_ = std::make_unique<Connection>(impl_.path);
}

SqliteStore::Impl::Lease::~Lease() {
  std::lock_guard lock(impl_.poolMutex);
  impl_.idle.push_back(std::move(conn_));
}

SqliteStore::Impl::BulkCache::BulkCache(Connection& conn, bool on) : conn_(conn), on_(on) {
  if (on_) conn_.exec("PRAGMA cache_size = -262144");  // 256 MiB
}

SqliteStore::Impl::BulkCache::~BulkCache() {
  if (on_) sqlite3_exec(conn_.handle(), "PRAGMA cache_size = -2000", nullptr, nullptr, nullptr);
}

SqliteStore::SqliteStore(std::string path) : impl_(std::make_unique<Impl>()) {
  impl_->path = std::move(path);
  auto first = std::make_unique<Connection>(impl_->path);
  sqlite::migrate(*first);
  impl_->idle.push_back(std::move(first));
  impl_->watch = std::make_unique<Connection>(impl_->path);
}

SqliteStore::~SqliteStore() = default;

int SqliteStore::schemaVersion() {
  return static_cast<int>(sqlite::migrations().size());
}

void SqliteStore::ping() {
  Impl::Lease conn(*impl_);
  auto stmt = conn->prepare("SELECT count(*) FROM sqlite_schema");
  stmt.step();
}

std::optional<std::uint64_t> SqliteStore::dataVersion() {
  using namespace std::chrono;
  const std::int64_t now = duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
  const std::int64_t interval = duration_cast<nanoseconds>(kExternalCheckInterval).count();
  auto due = [&] {
    const std::int64_t last = impl_->watchCheckedAt.load(std::memory_order_acquire);
    return last == std::numeric_limits<std::int64_t>::min() || now - last >= interval;
  };
  if (due()) {
    std::lock_guard lock(impl_->watchMutex);
    if (due()) {  // not done meanwhile by another thread
      auto stmt = impl_->watch->prepare("PRAGMA data_version");
      stmt.step();
      impl_->externalVersion.store(static_cast<std::uint64_t>(stmt.integer(0)), std::memory_order_release);
      // The time before the check: a commit after it is caught by the next one, at most one interval on.
      impl_->watchCheckedAt.store(now, std::memory_order_release);
    }
  }
  return (impl_->externalVersion.load(std::memory_order_acquire) << 32) ^
         impl_->localWrites.load(std::memory_order_acquire);
}

std::vector<std::pair<std::string, std::string>> SqliteStore::queryPlans() {
  const std::pair<const char*, const std::string*> queries[] = {
      {"scanRegistration", &sql::kScanRegistration},
      {"scanRecent", &sql::kScanRecent},
      {"scanLeaderboard", &sql::kScanLeaderboard},
      {"scanArticles", &sql::kScanArticles},
      {"scanArticlesByTag", &sql::kScanArticlesByTag},
      {"scanTagCounts", &sql::kScanTagCounts},
      {"findUser", &sql::kFindUser},
      {"findUserByOwner", &sql::kFindUserByOwner},
      {"findArticle", &sql::kFindArticle},
      {"listEntries", &sql::kListEntries},
      {"findEntry", &sql::kFindEntry},
      {"nextArticleId", &sql::kNextArticleId},
  };
  Impl::Lease conn(*impl_);
  std::vector<std::pair<std::string, std::string>> plans;
  for (const auto& [name, query] : queries) {
    auto stmt = conn->prepare("EXPLAIN QUERY PLAN " + *query);
    std::string plan;
    while (stmt.step()) plan += stmt.text(3) + "\n";
    plans.emplace_back(name, plan);
  }
  return plans;
}

}  // namespace hdoc::store
