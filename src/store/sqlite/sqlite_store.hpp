// The embedded default store: one SQLite file in WAL mode, a connection per thread, prepared
// statements, and indexes that make every read an index range read. The implementation is split by
// job: rows.cpp (row mapping), queries.hpp (the SQL), reads.cpp, writes.cpp, journeys.cpp, and
// this class's own sqlite_store.cpp (opening, health, change detection).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "store/store.hpp"

namespace hdoc::store {

class SqliteStore final : public Store {
 public:
  // Opens (creating and migrating when needed) the database file at `path`.
  explicit SqliteStore(std::string path);
  ~SqliteStore() override;

  std::string_view kind() const override { return "sqlite"; }
  void ping() override;

  void scanUsers(UserOrder order, const std::optional<UserPosition>& after,
                 std::optional<std::size_t> maxItems, const Visitor<core::User>& visit) override;
  std::optional<core::User> findUser(std::string_view githubProfile) override;
  void scanArticles(std::optional<std::string_view> tag, std::optional<std::int64_t> afterId,
                    std::optional<std::size_t> maxItems, const Visitor<core::Article>& visit) override;
  void scanTagCounts(const std::optional<TagPosition>& after, std::optional<std::size_t> maxItems,
                     const Visitor<core::TagCount>& visit) override;

  void upsertUsers(std::span<const core::User> users) override;
  void upsertArticles(std::span<const core::Article> articles) override;
  bool deleteUser(std::string_view githubProfile) override;
  bool deleteArticle(std::int64_t id) override;

  std::optional<core::User> findUserByOwner(std::string_view ownerSub) override;
  void createUser(const core::User& user) override;
  bool updateProfile(const core::User& user) override;
  std::vector<core::Entry> listEntries(std::string_view githubProfile) override;
  EntryWrite putEntry(const core::Entry& entry) override;
  std::optional<core::Entry> setEntryVerified(std::string_view githubProfile, core::Platform platform,
                                              int day, bool verified) override;
  std::optional<JourneyLink> findJourneyLink(std::string_view repoFullName) override;
  PushResult recordGithubPush(const GithubPush& push) override;
  void restoreEntries(std::span<const core::Entry> entries, Figures figures) override;
  std::optional<core::Article> findArticle(std::int64_t id) override;
  core::Article createArticle(const core::Article& article) override;
  bool replaceArticle(const core::Article& article) override;

  // Writes through this object change it at once. Commits by other processes are noticed through
  // PRAGMA data_version, asked at most once per kExternalCheckInterval: the pragma takes file locks
  // (several system calls), which would otherwise be the largest cost of a cached read.
  std::optional<std::uint64_t> dataVersion() override;
  static constexpr std::chrono::microseconds kExternalCheckInterval{1000};

  // The schema version this build migrates to (PRAGMA user_version).
  static int schemaVersion();
  // EXPLAIN QUERY PLAN of each read query, by name, for the index tests.
  std::vector<std::pair<std::string, std::string>> queryPlans();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace hdoc::store
