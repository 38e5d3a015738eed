// SqliteStore: imports, deletions and articles. Each call is one transaction; the tag counts follow
// every article change through triggers in that same transaction (schema.cpp).
#include "core/text.hpp"
#include "store/sqlite/github_sync.hpp"
#include "store/sqlite/queries.hpp"
#include "store/sqlite/store_impl.hpp"

namespace hdoc::store {

namespace sql = sqlite::sql;

using sqlite::Connection;

void SqliteStore::upsertUsers(std::span<const core::User> users) {
  impl_->write(
      [&](Connection& conn) {
        // One statement, re-bound per row: SQLite resets it after DONE.
        auto stmt = conn.prepare(sql::kUpsertUser);
        for (const auto& u : users) {
          sqlite::ensureJourneyRepoFree(conn, u);
          sqlite::bindUserRow(stmt, u);
          stmt.run();
        }
      },
      users.size());
}

void SqliteStore::upsertArticles(std::span<const core::Article> articles) {
  impl_->write(
      [&](Connection& conn) {
        auto stmt = conn.prepare(sql::kUpsertArticle);
        for (const auto& a : articles) {
          sqlite::bindArticleRow(stmt, a);
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

core::Article SqliteStore::createArticle(const core::Article& article) {
  core::Article stored = article;
  impl_->write([&](Connection& conn) {
    // BEGIN IMMEDIATE holds the write lock, so no other writer can take the same id in between.
    auto next = conn.prepare(sql::kNextArticleId);
    next.step();
    stored.id = next.integer(0);
    auto stmt = conn.prepare(sql::kUpsertArticle);
    sqlite::bindArticleRow(stmt, stored);
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
    sqlite::bindArticleRow(stmt, article);
    stmt.run();
    replaced = sqlite3_changes(conn.handle()) > 0;
  });
  return replaced;
}

}  // namespace hdoc::store
