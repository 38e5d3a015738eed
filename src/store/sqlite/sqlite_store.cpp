#include "store/sqlite/sqlite_store.hpp"

#include <atomic>
#include <limits>
#include <mutex>

#include "core/date.hpp"
#include "core/github_repo.hpp"
#include "core/scoring.hpp"
#include "core/text.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/github_sync.hpp"
#include "store/sqlite/schema.hpp"

namespace hdoc::store {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::Transaction;

namespace {

constexpr const char* kUserColumns =
    "id, name, days_completed, github_profile, github_score, github_streak, twitter_profile, "
    "twitter_score, twitter_streak, linkedin_profile, status, avatar_image, date_joined, bio, owner, "
    "github_journey_repo";
constexpr const char* kArticleColumns = "id, title, subtitle, image, tags, author";

// The read queries, named for the query-plan test. Each is an index range read.
const std::string kListUsers =
    std::string("SELECT ") + kUserColumns + " FROM users ORDER BY joined_ms ASC, github_profile ASC LIMIT ?1";
const std::string kFindUser = std::string("SELECT ") + kUserColumns + " FROM users WHERE github_fold = ?1";
const std::string kRecentUsers = std::string("SELECT ") + kUserColumns +
                                 " FROM users ORDER BY joined_ms DESC, github_profile ASC LIMIT ?1";
const std::string kLeaderboard = std::string("SELECT ") + kUserColumns +
                                 " FROM users ORDER BY total_score DESC, github_profile ASC LIMIT ?1";
const std::string kListArticles =
    std::string("SELECT ") + kArticleColumns + " FROM articles ORDER BY id LIMIT ?1";
const std::string kArticlesByTag =
    std::string("SELECT ") + kArticleColumns + " FROM articles WHERE tag_fold = ?1 ORDER BY id LIMIT ?2";
const std::string kTagCounts = "SELECT tag, count FROM tag_counts ORDER BY count DESC, tag ASC LIMIT ?1";
const std::string kFindUserByOwner = std::string("SELECT ") + kUserColumns + " FROM users WHERE owner = ?1";
const std::string kFindArticle = std::string("SELECT ") + kArticleColumns + " FROM articles WHERE id = ?1";
// A journeyer's entries by day, github before twitter: one range read of the entries primary key.
const std::string kListEntries =
    "SELECT day, platform, url, date, verified FROM entries WHERE user_fold = ?1 ORDER BY day, platform";
const std::string kFindEntry =
    "SELECT day, platform, url, date, verified FROM entries WHERE user_fold = ?1 AND day = ?2 AND platform = "
    "?3";
const std::string kNextArticleId = "SELECT coalesce(max(id), 0) + 1 FROM articles";
const std::string kProfileOf = "SELECT github_profile FROM users WHERE github_fold = ?1";

const std::string kUpsertUser = R"sql(
INSERT INTO users (github_fold, github_profile, id, name, days_completed, github_score, github_streak,
  twitter_profile, twitter_score, twitter_streak, linkedin_profile, status, avatar_image, date_joined,
  joined_ms, bio, owner, github_journey_repo, journey_repo_fold)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
ON CONFLICT (github_fold) DO UPDATE SET github_profile = excluded.github_profile, id = excluded.id,
  name = excluded.name, days_completed = excluded.days_completed, github_score = excluded.github_score,
  github_streak = excluded.github_streak, twitter_profile = excluded.twitter_profile,
  twitter_score = excluded.twitter_score, twitter_streak = excluded.twitter_streak,
  linkedin_profile = excluded.linkedin_profile, status = excluded.status,
  avatar_image = excluded.avatar_image, date_joined = excluded.date_joined,
  joined_ms = excluded.joined_ms, bio = excluded.bio, owner = coalesce(excluded.owner, users.owner),
  github_journey_repo = excluded.github_journey_repo, journey_repo_fold = excluded.journey_repo_fold
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
  if (!s.isNull(14)) u.owner = s.text(14);
  if (!s.isNull(15)) u.githubJourneyRepo = s.text(15);
  return u;
}

core::Article readArticle(const Statement& s) {
  return core::Article{s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)};
}

// A row of kListEntries / kFindEntry.
core::Entry readEntry(const Statement& s, const std::string& githubProfile) {
  core::Entry e;
  e.githubProfile = githubProfile;
  e.day = static_cast<int>(s.integer(0));
  e.platform = core::parsePlatform(s.text(1)).value_or(core::Platform::github);
  e.url = s.text(2);
  e.date = s.text(3);
  e.verified = s.integer(4) != 0;
  return e;
}

// The stored spelling of a journeyer's githubProfile; nullopt when there is no such user.
std::optional<std::string> profileOf(Connection& conn, const std::string& fold) {
  auto stmt = conn.prepare(kProfileOf);
  stmt.bind(1, fold);
  if (!stmt.step()) return std::nullopt;
  return stmt.text(0);
}

std::vector<core::Entry> entriesOf(Connection& conn, const std::string& fold,
                                   const std::string& githubProfile) {
  auto stmt = conn.prepare(kListEntries);
  stmt.bind(1, fold);
  std::vector<core::Entry> out;
  while (stmt.step()) out.push_back(readEntry(stmt, githubProfile));
  return out;
}

// Recomputes the journeyer's figures from all their entries; runs inside the caller's transaction, so
// the leaderboard never sees an entry without its score.
void recomputeScores(Connection& conn, const std::string& fold, const std::string& githubProfile) {
  const auto entries = entriesOf(conn, fold, githubProfile);
  const core::Scores scores = core::computeScores(entries);
  conn.prepare(
          "UPDATE users SET github_score = ?2, github_streak = ?3, twitter_score = ?4, twitter_streak = ?5, "
          "days_completed = ?6 WHERE github_fold = ?1")
      .bind(1, fold)
      .bind(2, scores.githubScore)
      .bind(3, scores.githubStreak)
      .bind(4, scores.twitterScore)
      .bind(5, scores.twitterStreak)
      .bind(6, scores.daysCompleted)
      .run();
}

// The parameters ?1..?7 of every article write (insert, upsert, update), in one place.
void bindArticleRow(Statement& stmt, const core::Article& a) {
  stmt.bind(1, a.id)
      .bind(2, a.title)
      .bind(3, a.subtitle)
      .bind(4, a.image)
      .bind(5, a.tags)
      .bind(6, core::asciiFold(a.tags))
      .bind(7, a.author);
}

// githubJourneyRepo and its key (core::journeyRepoKey) at `index` and `index + 1`; NULL when unlinked.
void bindJourneyRepo(Statement& stmt, int index, const core::User& u) {
  if (u.githubJourneyRepo) {
    stmt.bind(index, *u.githubJourneyRepo).bind(index + 1, core::journeyRepoKey(*u.githubJourneyRepo));
  } else {
    stmt.bindNull(index).bindNull(index + 1);
  }
}

void bindUserRow(Statement& stmt, const core::User& u) {
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
  // An import carries no owner: a written profile keeps the one it has.
  if (u.owner.empty()) {
    stmt.bindNull(17);
  } else {
    stmt.bind(17, u.owner);
  }
  bindJourneyRepo(stmt, 18, u);
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
  std::atomic<std::uint64_t> externalVersion{0};
  // steady_clock nanoseconds of the last data_version check that started; the minimum: never.
  std::atomic<std::int64_t> watchCheckedAt{std::numeric_limits<std::int64_t>::min()};
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
  void write(Fn&& fn, std::size_t rows = 1) {
    Lease conn(*this);
    // A bulk load (import, seed) updates four user indexes in random key order; with SQLite's
    // default 2 MiB page cache most of its time goes to re-reading index pages. A larger cache for
    // the duration of the batch only keeps serving memory small.
    const bool bulk = rows >= kBulkRows;
    if (bulk) conn->exec("PRAGMA cache_size = -262144");  // 256 MiB
    struct RestoreCache {
      Connection& c;
      bool on;
      ~RestoreCache() {
        if (on) sqlite3_exec(c.handle(), "PRAGMA cache_size = -2000", nullptr, nullptr, nullptr);
      }
    } restore{*conn, bulk};
    Transaction txn(*conn);
    fn(*conn);
    txn.commit();
    localWrites.fetch_add(1, std::memory_order_release);
  }
  static constexpr std::size_t kBulkRows = 10000;
};

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
  impl_->write(
      [&](Connection& conn) {
        auto stmt =
            conn.prepare(kUpsertUser);  // one statement, re-bound per row: SQLite resets it after DONE
        for (const auto& u : users) {
          sqlite::ensureJourneyRepoFree(conn, u);
          bindUserRow(stmt, u);
          stmt.run();
        }
      },
      users.size());
}

void SqliteStore::upsertArticles(std::span<const core::Article> articles) {
  impl_->write(
      [&](Connection& conn) {
        auto stmt = conn.prepare(kUpsertArticle);
        for (const auto& a : articles) {
          bindArticleRow(stmt, a);
          stmt.run();
        }
      },
      articles.size());
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

std::optional<core::User> SqliteStore::findUserByOwner(std::string_view ownerSub) {
  if (ownerSub.empty()) return std::nullopt;
  Impl::Lease conn(*impl_);
  auto stmt = conn->prepare(kFindUserByOwner);
  stmt.bind(1, ownerSub);
  if (!stmt.step()) return std::nullopt;
  return readUser(stmt);
}

void SqliteStore::createUser(const core::User& user) {
  const std::string fold = core::asciiFold(user.githubProfile);
  impl_->write([&](Connection& conn) {
    // Checked first so the caller learns which rule it broke; the UNIQUE constraints still guard a race
    // with another process (they fail as Conflict too).
    if (profileOf(conn, fold)) {
      throw StoreError(StoreError::Kind::Conflict, "githubProfile '" + user.githubProfile + "' is taken");
    }
    if (!user.owner.empty()) {
      auto stmt = conn.prepare(kFindUserByOwner);
      stmt.bind(1, user.owner);
      if (stmt.step()) {
        throw StoreError(StoreError::Kind::Conflict,
                         "this account already has a profile ('" + stmt.text(3) + "')");
      }
    }
    sqlite::ensureJourneyRepoFree(conn, user);
    auto stmt = conn.prepare(kUpsertUser);
    bindUserRow(stmt, user);
    stmt.run();
  });
}

bool SqliteStore::updateProfile(const core::User& user) {
  bool updated = false;
  impl_->write([&](Connection& conn) {
    sqlite::ensureJourneyRepoFree(conn, user);
    auto stmt = conn.prepare(
        "UPDATE users SET name = ?2, twitter_profile = ?3, linkedin_profile = ?4, bio = ?5, avatar_image = "
        "?6, "
        "status = ?7, github_journey_repo = ?8, journey_repo_fold = ?9 WHERE github_fold = ?1");
    stmt.bind(1, core::asciiFold(user.githubProfile))
        .bind(2, user.name)
        .bind(3, user.twitterProfile)
        .bind(4, user.linkedinProfile);
    if (user.bio) {
      stmt.bind(5, *user.bio);
    } else {
      stmt.bindNull(5);
    }
    stmt.bind(6, user.avatarImage).bind(7, std::int64_t{user.status ? 1 : 0});
    bindJourneyRepo(stmt, 8, user);
    stmt.run();
    updated = sqlite3_changes(conn.handle()) > 0;
  });
  return updated;
}

std::vector<core::Entry> SqliteStore::listEntries(std::string_view githubProfile) {
  const std::string fold = core::asciiFold(githubProfile);
  Impl::Lease conn(*impl_);
  const auto profile = profileOf(*conn, fold);
  if (!profile) return {};
  return entriesOf(*conn, fold, *profile);
}

Store::EntryWrite SqliteStore::putEntry(const core::Entry& entry) {
  const std::string fold = core::asciiFold(entry.githubProfile);
  const std::string platform(core::platformName(entry.platform));
  EntryWrite result{EntryOutcome::NoSuchUser, std::nullopt};
  impl_->write([&](Connection& conn) {
    const auto profile = profileOf(conn, fold);
    if (!profile) return;  // nothing written: the transaction commits empty
    {
      auto existing = conn.prepare(kFindEntry);
      existing.bind(1, fold).bind(2, std::int64_t{entry.day}).bind(3, platform);
      if (existing.step()) {
        core::Entry stored = readEntry(existing, *profile);
        const bool same = stored.url == entry.url && stored.date == entry.date;
        result = {same ? EntryOutcome::Identical : EntryOutcome::Conflict, std::move(stored)};
        return;
      }
    }
    conn.prepare(
            "INSERT INTO entries (user_fold, day, platform, url, date, verified) VALUES (?1, ?2, ?3, ?4, ?5, "
            "?6)")
        .bind(1, fold)
        .bind(2, std::int64_t{entry.day})
        .bind(3, platform)
        .bind(4, entry.url)
        .bind(5, entry.date)
        .bind(6, std::int64_t{entry.verified ? 1 : 0})
        .run();
    recomputeScores(conn, fold, *profile);
    core::Entry stored = entry;
    stored.githubProfile = *profile;
    result = {EntryOutcome::Created, std::move(stored)};
  });
  return result;
}

std::optional<core::Entry> SqliteStore::setEntryVerified(std::string_view githubProfile,
                                                         core::Platform platform, int day, bool verified) {
  const std::string fold = core::asciiFold(githubProfile);
  const std::string platformText(core::platformName(platform));
  std::optional<core::Entry> result;
  impl_->write([&](Connection& conn) {
    const auto profile = profileOf(conn, fold);
    if (!profile) return;
    conn.prepare("UPDATE entries SET verified = ?4 WHERE user_fold = ?1 AND day = ?2 AND platform = ?3")
        .bind(1, fold)
        .bind(2, std::int64_t{day})
        .bind(3, platformText)
        .bind(4, std::int64_t{verified ? 1 : 0})
        .run();
    if (sqlite3_changes(conn.handle()) == 0) return;
    recomputeScores(conn, fold, *profile);
    auto stmt = conn.prepare(kFindEntry);
    stmt.bind(1, fold).bind(2, std::int64_t{day}).bind(3, platformText);
    if (stmt.step()) result = readEntry(stmt, *profile);
  });
  return result;
}

std::optional<Store::JourneyLink> SqliteStore::findJourneyLink(std::string_view repoFullName) {
  Impl::Lease conn(*impl_);
  return sqlite::findJourneyLink(*conn, repoFullName);
}

Store::PushResult SqliteStore::recordGithubPush(const GithubPush& push) {
  PushResult result;
  impl_->write([&](Connection& conn) { result = sqlite::recordGithubPush(conn, push, recomputeScores); });
  return result;
}

std::optional<core::Article> SqliteStore::findArticle(std::int64_t id) {
  Impl::Lease conn(*impl_);
  auto stmt = conn->prepare(kFindArticle);
  stmt.bind(1, id);
  if (!stmt.step()) return std::nullopt;
  return readArticle(stmt);
}

core::Article SqliteStore::createArticle(const core::Article& article) {
  core::Article stored = article;
  impl_->write([&](Connection& conn) {
    // BEGIN IMMEDIATE holds the write lock, so no other writer can take the same id in between.
    auto next = conn.prepare(kNextArticleId);
    next.step();
    stored.id = next.integer(0);
    auto stmt = conn.prepare(kUpsertArticle);
    bindArticleRow(stmt, stored);
    stmt.run();
  });
  return stored;
}

bool SqliteStore::replaceArticle(const core::Article& article) {
  bool replaced = false;
  impl_->write([&](Connection& conn) {
    // The articles_count_update trigger moves the tag count inside this transaction.
    auto stmt = conn.prepare(
        "UPDATE articles SET title = ?2, subtitle = ?3, image = ?4, tags = ?5, tag_fold = ?6, author = ?7 "
        "WHERE id = ?1");
    bindArticleRow(stmt, article);
    stmt.run();
    replaced = sqlite3_changes(conn.handle()) > 0;
  });
  return replaced;
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
      {"listUsers", &kListUsers},       {"findUser", &kFindUser},
      {"recentUsers", &kRecentUsers},   {"leaderboard", &kLeaderboard},
      {"listArticles", &kListArticles}, {"articlesByTag", &kArticlesByTag},
      {"tagCounts", &kTagCounts},       {"findUserByOwner", &kFindUserByOwner},
      {"findArticle", &kFindArticle},   {"listEntries", &kListEntries},
      {"findEntry", &kFindEntry},       {"nextArticleId", &kNextArticleId},
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
