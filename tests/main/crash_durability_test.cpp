// Crash durability of `hdoc serve` on SQLite: a real hdoc process takes a write load from several
// signed-in journeyers (profiles, daily entries, profile edits, articles created, retagged and
// deleted) and is killed with SIGKILL at a random moment, again and again. After every kill, before
// the restart, the database file itself must show:
//  - every write that was acknowledged with a 2xx, exactly as acknowledged (a write whose answer was
//    lost to the kill may or may not be there: both are correct);
//  - PRAGMA integrity_check "ok" and no foreign key violation;
//  - every score equal to its recomputation from the journeyer's entries (core::computeScores), the
//    seeded journeyers' scores unchanged, and every tag count equal to a count of the articles.
#include <signal.h>
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "core/date.hpp"
#include "core/scoring.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/child_process.hpp"
#include "support/hdoc_process.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "support/user_pool.hpp"

namespace hdoc::cli {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

constexpr int kWriters = 4;
constexpr int kKills = 8;
const char* const kTags[] = {"AWS", "GCP", "Azure", "Crash"};

// What one journeyer has been told was written. `pending*` is the write whose answer was lost.
struct Ledger {
  std::string profile;
  std::string token;
  bool created = false;
  bool pendingCreate = false;
  std::string name;
  std::optional<std::string> pendingName;
  std::map<std::pair<int, int>, core::Entry> entries;  // (platform, day) -> entry
  std::optional<core::Entry> pendingEntry;
  std::map<std::int64_t, std::string> articles;  // id -> tag
  std::optional<std::pair<std::int64_t, std::optional<std::string>>>
      pendingArticle;  // id (0: new), tag or delete
  int nextDay[2] = {1, 1};
  std::int64_t lastDate[2] = {20089, 20089};  // 2025-01-01
  int acknowledged = 0;
  int unexpected = 0;  // answers that are neither 2xx nor an expected refusal
  std::string lastUnexpected;
};

// One journeyer's write loop, until the server dies under it or `stop` is set.
void writeUntilKilled(unsigned short port, Ledger& l, std::mt19937& random, const std::atomic<bool>& stop) {
  const std::map<std::string, std::string> headers{{"Authorization", "Bearer " + l.token},
                                                   {"Content-Type", "application/json"}};
  auto call = [&](const std::string& method, const std::string& target, const std::string& body) {
    return testing::httpRequest(port, method, target, headers, body);
  };
  auto unexpected = [&](const testing::HttpResponse& res, const std::string& what) {
    ++l.unexpected;
    l.lastUnexpected = what + ": " + std::to_string(res.status) + " " + res.body;
  };
  while (!stop) {
    try {
      if (!l.created) {
        l.pendingCreate = true;
        l.pendingName = "Writer " + l.profile;
        auto res = call("POST", "/api/users",
                        R"({"githubProfile":")" + l.profile + R"(","name":")" + *l.pendingName + R"("})");
        if (res.status != 201) return unexpected(res, "create profile");
        l.created = true, l.pendingCreate = false, l.name = *l.pendingName, l.pendingName.reset(),
        ++l.acknowledged;
        continue;
      }
      const int op = static_cast<int>(random() % 100);
      if (op < 50) {  // log a day on one platform, after a gap of 1 to 5 days (streaks restart on >3)
        const int p = static_cast<int>(random() % 2);
        if (l.nextDay[p] > 100) continue;
        core::Entry e;
        e.githubProfile = l.profile;
        e.platform = p ? core::Platform::twitter : core::Platform::github;
        e.day = l.nextDay[p];
        e.date = core::formatDate(l.lastDate[p] + 1 + static_cast<int>(random() % 5));
        e.url = "https://example.com/" + l.profile + "/" + std::string(core::platformName(e.platform)) + "/" +
                std::to_string(e.day);
        l.pendingEntry = e;
        auto res = call("POST", "/api/users/" + l.profile + "/entries",
                        R"({"day":)" + std::to_string(e.day) + R"(,"platform":")" +
                            std::string(core::platformName(e.platform)) + R"(","url":")" + e.url +
                            R"(","date":")" + e.date + R"("})");
        if (res.status != 201 && res.status != 200) return unexpected(res, "log day");
        l.entries[{p, e.day}] = e;
        l.nextDay[p]++, l.lastDate[p] = *core::parseDate(e.date), l.pendingEntry.reset(), ++l.acknowledged;
      } else if (op < 65) {  // rename
        l.pendingName = "Writer " + l.profile + " v" + std::to_string(random() % 1000);
        auto res = call("PATCH", "/api/users/" + l.profile, R"({"name":")" + *l.pendingName + R"("})");
        if (res.status != 200) return unexpected(res, "rename");
        l.name = *l.pendingName, l.pendingName.reset(), ++l.acknowledged;
      } else if (op < 85 || l.articles.empty()) {  // publish an article
        const std::string tag = kTags[random() % 4];
        l.pendingArticle = {{0, tag}};
        auto res = call("POST", "/api/articles",
                        R"({"title":"Crash test","subtitle":"by )" + l.profile +
                            R"(","image":"https://example.com/i.png","tags":")" + tag + R"("})");
        if (res.status != 201) return unexpected(res, "create article");
        l.articles[json::parse(res.body).at("id").to_number<std::int64_t>()] = tag;
        l.pendingArticle.reset(), ++l.acknowledged;
      } else {  // retag or delete one of them
        auto it = l.articles.begin();
        std::advance(it, random() % l.articles.size());
        const std::int64_t id = it->first;
        if (op < 95) {
          const std::string tag = kTags[random() % 4];
          l.pendingArticle = {{id, tag}};
          auto res = call("PATCH", "/api/articles/" + std::to_string(id), R"({"tags":")" + tag + R"("})");
          if (res.status != 200) return unexpected(res, "retag article");
          it->second = tag;
        } else {
          l.pendingArticle = {{id, std::nullopt}};
          auto res = call("DELETE", "/api/articles/" + std::to_string(id), "");
          if (res.status != 204 && res.status != 200) return unexpected(res, "delete article");
          l.articles.erase(it);
        }
        l.pendingArticle.reset(), ++l.acknowledged;
      }
    } catch (const std::exception&) {
      return;  // no answer: the server is gone; the write stays pending
    }
  }
}

std::string pragma(const std::string& db, const char* sql) {
  sqlite3* conn = nullptr;
  std::string out;
  if (sqlite3_open_v2(db.c_str(), &conn, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_exec(
        conn, sql,
        [](void* o, int n, char** values, char**) {
          for (int i = 0; i < n; ++i) *static_cast<std::string*>(o) += values[i] ? values[i] : "NULL";
          *static_cast<std::string*>(o) += "\n";
          return 0;
        },
        &out, nullptr);
  }
  sqlite3_close(conn);
  return out;
}

bool scoresMatch(const core::User& u, const core::Scores& s) {
  return u.githubScore == s.githubScore && u.githubStreak == s.githubStreak &&
         u.twitterScore == s.twitterScore && u.twitterStreak == s.twitterStreak &&
         u.daysCompleted == s.daysCompleted;
}

// Checks the database after a kill, then makes what is there the new truth for pending writes.
void checkAndSettle(const std::string& db, std::vector<Ledger>& ledgers,
                    const std::map<std::string, core::User>& base, int round) {
  SCOPED_TRACE("after kill " + std::to_string(round));
  EXPECT_EQ(pragma(db, "PRAGMA integrity_check"), "ok\n");
  EXPECT_EQ(pragma(db, "PRAGMA foreign_key_check"), "");
  store::SqliteStore store(db);

  for (auto& l : ledgers) {
    SCOPED_TRACE(l.profile);
    auto user = store.findUser(l.profile);
    if (l.created) {
      ASSERT_TRUE(user) << "an acknowledged profile is gone";
    } else if (!user) {
      continue;
    }
    if (!l.created) l.created = true, l.name = user->name;  // the create committed; its answer was lost
    EXPECT_TRUE(user->name == l.name || (l.pendingName && user->name == *l.pendingName)) << user->name;
    l.name = user->name;
    l.pendingName.reset();

    const auto entries = store.listEntries(l.profile);
    std::map<std::pair<int, int>, core::Entry> stored;
    for (const auto& e : entries) stored[{e.platform == core::Platform::twitter ? 1 : 0, e.day}] = e;
    for (const auto& [key, e] : l.entries) {
      auto it = stored.find(key);
      ASSERT_NE(it, stored.end()) << "acknowledged entry lost: day " << e.day;
      EXPECT_EQ(it->second.url, e.url);
      EXPECT_EQ(it->second.date, e.date);
    }
    EXPECT_LE(stored.size(), l.entries.size() + (l.pendingEntry ? 1 : 0)) << "entries nobody wrote";
    if (l.pendingEntry) {
      const int p = l.pendingEntry->platform == core::Platform::twitter ? 1 : 0;
      if (stored.count({p, l.pendingEntry->day})) {
        l.entries[{p, l.pendingEntry->day}] = *l.pendingEntry;
        l.nextDay[p]++, l.lastDate[p] = *core::parseDate(l.pendingEntry->date);
      }
      l.pendingEntry.reset();
    }
    EXPECT_TRUE(scoresMatch(*user, core::computeScores(entries)))
        << "stored scores differ from their recomputation: " << user->githubScore << "/"
        << user->twitterScore;

    std::map<std::int64_t, std::string> mine;
    store.forEachArticle([&](const core::Article& a) {
      if (a.author == l.profile) mine[a.id] = a.tags;
    });
    for (const auto& [id, tag] : l.articles) {
      const bool maybeDeleted =
          l.pendingArticle && l.pendingArticle->first == id && !l.pendingArticle->second;
      auto it = mine.find(id);
      if (it == mine.end()) {
        EXPECT_TRUE(maybeDeleted) << "acknowledged article " << id << " lost";
        continue;
      }
      const bool maybeRetagged = l.pendingArticle && l.pendingArticle->first == id &&
                                 l.pendingArticle->second && *l.pendingArticle->second == it->second;
      EXPECT_TRUE(it->second == tag || maybeRetagged) << "article " << id << " has tag " << it->second;
    }
    const std::size_t extra = mine.size() > l.articles.size() ? mine.size() - l.articles.size() : 0;
    EXPECT_LE(extra, (l.pendingArticle && l.pendingArticle->first == 0) ? 1u : 0u) << "articles nobody wrote";
    l.articles = mine;
    l.pendingArticle.reset();
  }

  // The seeded journeyers have no entries: their imported figures stay as they were.
  std::size_t seededSeen = 0;
  store.forEachUser([&](const core::User& u) {
    auto it = base.find(u.githubProfile);
    if (it == base.end()) return;
    ++seededSeen;
    EXPECT_EQ(u, it->second) << "a seeded journeyer changed: " << u.githubProfile;
  });
  EXPECT_EQ(seededSeen, base.size());

  std::map<std::string, std::int64_t> counted;
  store.forEachArticle([&](const core::Article& a) { counted[a.tags]++; });
  std::map<std::string, std::int64_t> maintained;
  for (const auto& t : store.tagCounts(std::nullopt)) {
    if (t.count != 0) maintained[t.tag] = t.count;
  }
  EXPECT_EQ(maintained, counted) << "tag counts differ from a count of the articles";
}

TEST(CrashDurability, AcknowledgedWritesSurviveRepeatedKillNine) {
  testing::TempDir dir;
  const std::string db = dir.file("crash.db");
  ASSERT_EQ(
      testing::runHdoc({"seed", "--users", "300", "--articles", "60", "--seed", "5", "--db", db}).exitCode,
      0);
  std::map<std::string, core::User> base;
  {
    store::SqliteStore store(db);
    store.forEachUser([&](const core::User& u) { base[u.githubProfile] = u; });
  }
  ASSERT_EQ(base.size(), 300u);

  testing::UserPool pool;
  std::vector<Ledger> ledgers(kWriters);
  std::vector<std::mt19937> randoms;
  for (int i = 0; i < kWriters; ++i) {
    ledgers[i].profile = "crash-writer-" + std::to_string(i);
    ledgers[i].token =
        pool.idToken(testing::UserPool::identity("sub-crash-" + std::to_string(i), ledgers[i].profile));
    randoms.emplace_back(1000 + i);
  }
  std::mt19937 killTimer(42);

  for (int round = 1; round <= kKills; ++round) {
    testing::ChildProcess serve(
        testing::hdocBinary(),
        {"serve", "--listen", "127.0.0.1:0", "--db", db, "--threads", "2", "--quiet", "--jwks",
         pool.jwksFile(), "--issuer", pool.issuer(), "--client-id", pool.clientId(), "--write-rate", "0"},
        {});
    const unsigned short port = testing::waitForListeningPort(serve);
    ASSERT_NE(port, 0);
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int i = 0; i < kWriters; ++i) {
      writers.emplace_back([&, i] { writeUntilKilled(port, ledgers[i], randoms[i], stop); });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300 + killTimer() % 700));
    kill(serve.pid(), SIGKILL);
    stop = true;
    for (auto& t : writers) t.join();
    EXPECT_EQ(serve.waitExit(5s), 128 + SIGKILL);
    checkAndSettle(db, ledgers, base, round);
    if (HasFatalFailure()) return;
  }

  int acknowledged = 0;
  for (const auto& l : ledgers) {
    acknowledged += l.acknowledged;
    EXPECT_EQ(l.unexpected, 0) << l.profile << ": " << l.lastUnexpected;
  }
  std::printf("[ figures  ] %d kill -9, %d acknowledged writes, 0 lost\n", kKills, acknowledged);
  ::testing::Test::RecordProperty("acknowledged_writes", acknowledged);
  EXPECT_GT(acknowledged, kKills * kWriters) << "the load was too light to mean anything";
}

}  // namespace
}  // namespace hdoc::cli
