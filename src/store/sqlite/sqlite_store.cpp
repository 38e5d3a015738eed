#include "store/sqlite/sqlite_store.hpp"

#include <atomic>
#include <mutex>

#include "core/date.hpp"
#include "core/text.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/schema.hpp"

namespace hdoc::store {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::Transaction;

namespace {

constexpr const char* kUserColumns =
    "id, name, days_completed, github_profile, github_score, github_streak, twitter_profile, "
    "twitter_score, twitter_streak, linkedin_profile, status, avatar_image, date_joined, bio";
constexpr const char* kArticleColumns = "id, title, subtitle, image, tags, author";

// The read queries, named for the query-plan test. Each is an index range read.
const std::string kListUsers = std::string("SELECT ") + kUserColumns +
                               " FROM users ORDER BY joined_ms ASC, github_profile ASC LIMIT ?1";
const std::string kFindUser = std::string("SELECT ") + kUserColumns + " FROM users WHERE github_fold = ?1";
const std::string kRecentUsers = std::string("SELECT ") + kUserColumns +
                                 " FROM users ORDER BY joined_ms DESC, github_profile ASC LIMIT ?1";
const std::string kLeaderboard = std::string("SELECT ") + kUserColumns +
                                 " FROM users ORDER BY total_score DESC, github_profile ASC LIMIT ?1";
const std::string kListArticles = std::string("SELECT ") + kArticleColumns + " FROM articles ORDER BY id LIMIT ?1";
const std::string kArticlesByTag = std::string("SELECT ") + kArticleColumns +
                                   " FROM articles WHERE tag_fold = ?1 ORDER BY id LIMIT ?2";
const std::string kTagCounts = "SELECT tag, count FROM tag_counts ORDER BY count DESC, tag ASC LIMIT ?1";

const std::string kUpsertUser = R"sql(
INSERT INTO users (github_fold, github_profile, id, name, days_completed, github_score, github_streak,
  twitter_profile, twitter_score, twitter_streak, linkedin_profile, status, avatar_image, date_joined,
  joined_ms, bio)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
ON CONFLICT (github_fold) DO UPDATE SET github_profile = excluded.github_profile, id = excluded.id,
  name = excluded.name, days_completed = excluded.days_completed, github_score = excluded.github_score,
  github_streak = excluded.github_streak, twitter_profile = excluded.twitter_profile,
  twitter_score = excluded.twitter_score, twitter_streak = excluded.twitter_streak,
  linkedin_profile = excluded.linkedin_profile, status = excluded.status,
  avatar_image = excluded.avatar_image, date_joined = excluded.date_joined,
  joined_ms = excluded.joined_ms, bio = excluded.bio
)sql";

const std::string kUpsertArticle = R"sql(
INSERT INTO articles (id, title, subtitle, image, tags, tag_fold, author)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
ON CONFLICT (id) DO UPDATE SET title = excluded.title, subtitle = excluded.subtitle,
  image = excluded.image, tags = excluded.tags, tag_fold = excluded.tag_fold, author = excluded.author
)sql";

// SQLite treats a negative LIMIT as "no limit".
std::int64_t sqlLimit(std::optional<std::size_t> limit) {
  return limit ? static_cast<std::int64_t>(*limit) : -1;
}

core::User readUser(const Statement& s) {
  core::User u;
  u.id = s.text(0);
  u.name = s.text(1);
  u.daysCompleted = s.integer(2);
  u.githubProfile = s.text(3);
  u.githubScore = s.integer(4);
  u.githubStreak = s.integer(5);
  u.twitterProfile = s.text(6);
  u.twitterScore = s.integer(7);
  u.twitterStreak = s.integer(8);
  u.linkedinProfile = s.text(9);
  u.status = s.integer(10) != 0;
  u.avatarImage = s.text(11);
  u.dateJoined = s.text(12);
  if (!s.isNull(13)) u.bio = s.text(13);
  return u;
}

core::Article readArticle(const Statement& s) {
  return core::Article{s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)};
}

}  // namespace

struct SqliteStore::Impl {
  std::string path;
  std::mutex poolMutex;
  std::vector<std::unique_ptr<Connection>> idle;  // connections not in use, with their statements

  // A connection that never writes: its PRAGMA data_version changes whenever any other
  // connection, in this process or another, commits.
  std::mutex watchMutex;
  std::unique_ptr<Connection> watch;
  std::atomic<std::uint64_t> localWrites{0};

  // Borrows a pooled connection for one call; the pool grows to the number of concurrent callers.
  class Lease {
   public:
    explicit Lease(Impl& impl) : impl_(impl) {
      {
        std::lock_guard lock(impl_.poolMutex);
        if (!impl_.idle.empty()) {
          conn_ = std::move(impl_.idle.back());
          impl_.idle.pop_back();
        }
      }
      if (!conn_) conn_ = std::make_unique<Connection>(impl_.path);
    }
    ~Lease() {
      std::lock_guard lock(impl_.poolMutex);
      impl_.idle.push_back(std::move(conn_));
    }
    Connection* operator->() { return conn_.get(); }
    Connection& operator*() { return *conn_; }

   private:
    Impl& impl_;
    std::unique_ptr<Connection> conn_;
  };

  std::vector<core::User> users(const std::string& sql, std::int64_t limit) {
    Lease conn(*this);
    auto stmt = conn->prepare(sql);
    stmt.bind(1, limit);
    std::vector<core::User> out;
    if (limit > 0) out.reserve(static_cast<std::size_t>(std::min<std::int64_t>(limit, 1024)));
    while (stmt.step()) out.push_back(readUser(stmt));
    return out;
  }

  template <class Fn>
  void write(Fn&& fn) {
    Lease conn(*this);
    Transaction txn(*conn);
    fn(*conn);
    txn.commit();
    localWrites.fetch_add(1, std::memory_order_release);
  }
};

SqliteStore::SqliteStore(std::string path) : impl_(std::make_unique<Impl>()) {
  impl_->path = std::move(path);
  auto first = std::make_unique<Connection>(impl_->path);
  sqlite::migrate(*first);
  impl_->idle.push_back(std::move(first));
  impl_->watch = std::make_unique<Connection>(impl_->path);
}

SqliteStore::~SqliteStore() = default;

int SqliteStore::schemaVersion() { return static_cast<int>(sqlite::migrations().size()); }

void SqliteStore::ping() {
  Impl::Lease conn(*impl_);
  auto stmt = conn->prepare("SELECT count(*) FROM sqlite_schema");
  stmt.step();
}

std::vector<core::User> SqliteStore::listUsers(std::optional<std::size_t> limit) {
  return impl_->users(kListUsers, sqlLimit(limit));
}

void SqliteStore::forEachUser(const std::function<void(const core::User&)>& visit) {
  Impl::Lease conn(*impl_);
  auto stmt = conn->prepare(kListUsers);
  stmt.bind(1, std::int64_t{-1});
  while (stmt.step()) visit(readUser(stmt));
}

std::optional<core::User> SqliteStore::findUser(std::string_view githubProfile) {
  Impl::Lease conn(*impl_);
  auto stmt = conn->prepare(kFindUser);
  stmt.bind(1, core::asciiFold(githubProfile));
  if (!stmt.step()) return std::nullopt;
  return readUser(stmt);
}

std::vector<core::User> SqliteStore::recentUsers(std::size_t limit) {
  return impl_->users(kRecentUsers, sqlLimit(limit));
}

std::vector<core::User> SqliteStore::leaderboard(std::size_t limit) {
  return impl_->users(kLeaderboard, sqlLimit(limit));
}

std::vector<core::Article> SqliteStore::listArticles(std::optional<std::string_view> tag,
                                                     std::optional<std::size_t> limit) {
  Impl::Lease conn(*impl_);
  auto stmt = conn->prepare(tag ? kArticlesByTag : kListArticles);
  if (tag) {
    stmt.bind(1, core::asciiFold(*tag)).bind(2, sqlLimit(limit));
  } else {
    stmt.bind(1, sqlLimit(limit));
  }
  std::vector<core::Article> out;
  while (stmt.step()) out.push_back(readArticle(stmt));
  return out;
}

void SqliteStore::forEachArticle(const std::function<void(const core::Article&)>& visit) {
  Impl::Lease conn(*impl_);
  auto stmt = conn->prepare(kListArticles);
  stmt.bind(1, std::int64_t{-1});
  while (stmt.step()) visit(readArticle(stmt));
}

std::vector<core::TagCount> SqliteStore::tagCounts(std::optional<std::size_t> limit) {
  Impl::Lease conn(*impl_);
  auto stmt = conn->prepare(kTagCounts);
  stmt.bind(1, sqlLimit(limit));
  std::vector<core::TagCount> out;
  while (stmt.step()) out.push_back({stmt.text(0), stmt.integer(1)});
  return out;
}

void SqliteStore::upsertUsers(std::span<const core::User> users) {
  impl_->write([&](Connection& conn) {
    auto stmt = conn.prepare(kUpsertUser);  // one statement, re-bound per row: SQLite resets it after DONE
    for (const auto& u : users) {
      stmt.bind(1, core::asciiFold(u.githubProfile))
          .bind(2, u.githubProfile)
          .bind(3, u.id)
          .bind(4, u.name)
          .bind(5, u.daysCompleted)
          .bind(6, u.githubScore)
          .bind(7, u.githubStreak)
          .bind(8, u.twitterProfile)
          .bind(9, u.twitterScore)
          .bind(10, u.twitterStreak)
          .bind(11, u.linkedinProfile)
          .bind(12, std::int64_t{u.status ? 1 : 0})
          .bind(13, u.avatarImage)
          .bind(14, u.dateJoined)
          .bind(15, core::parseUtcTimestamp(u.dateJoined).value_or(0));
      if (u.bio) {
        stmt.bind(16, *u.bio);
      } else {
        stmt.bindNull(16);
      }
      stmt.run();
    }
  });
}

void SqliteStore::upsertArticles(std::span<const core::Article> articles) {
  impl_->write([&](Connection& conn) {
    auto stmt = conn.prepare(kUpsertArticle);
    for (const auto& a : articles) {
      stmt.bind(1, a.id)
          .bind(2, a.title)
          .bind(3, a.subtitle)
          .bind(4, a.image)
          .bind(5, a.tags)
          .bind(6, core::asciiFold(a.tags))
          .bind(7, a.author)
          .run();
    }
  });
}

bool SqliteStore::deleteUser(std::string_view githubProfile) {
  bool deleted = false;
  impl_->write([&](Connection& conn) {
    conn.prepare("DELETE FROM users WHERE github_fold = ?1").bind(1, core::asciiFold(githubProfile)).run();
    deleted = sqlite3_changes(conn.handle()) > 0;
  });
  return deleted;
}

bool SqliteStore::deleteArticle(std::int64_t id) {
  bool deleted = false;
  impl_->write([&](Connection& conn) {
    conn.prepare("DELETE FROM articles WHERE id = ?1").bind(1, id).run();
    deleted = sqlite3_changes(conn.handle()) > 0;
  });
  return deleted;
}

std::optional<std::uint64_t> SqliteStore::dataVersion() {
  std::uint64_t external;
  {
    std::lock_guard lock(impl_->watchMutex);
    auto stmt = impl_->watch->prepare("PRAGMA data_version");
    stmt.step();
    external = static_cast<std::uint64_t>(stmt.integer(0));
  }
  return (external << 32) ^ impl_->localWrites.load(std::memory_order_acquire);
}

std::vector<std::pair<std::string, std::string>> SqliteStore::queryPlans() {
  const std::pair<const char*, const std::string*> queries[] = {
      {"listUsers", &kListUsers},     {"findUser", &kFindUser},         {"recentUsers", &kRecentUsers},
      {"leaderboard", &kLeaderboard}, {"listArticles", &kListArticles}, {"articlesByTag", &kArticlesByTag},
      {"tagCounts", &kTagCounts},
  };
  Impl::Lease conn(*impl_);
  std::vector<std::pair<std::string, std::string>> plans;
  for (const auto& [name, sql] : queries) {
    auto stmt = conn->prepare("EXPLAIN QUERY PLAN " + *sql);
    std::string plan;
    while (stmt.step()) plan += stmt.text(3) + "\n";
    plans.emplace_back(name, plan);
  }
  return plans;
}

}  // namespace hdoc::store
