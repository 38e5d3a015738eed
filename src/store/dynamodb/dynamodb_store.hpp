// The production store: one DynamoDB table (single-table design, see docs/dynamodb.md) spoken to
// over the DynamoDB JSON protocol with libcurl. Every read is a GetItem or an index Query with a
// bounded result; article writes move their tag counters in the same transaction.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/telemetry.hpp"
#include "store/store.hpp"

namespace hdoc::store {

struct DynamoConfig {
  std::string table;     // databaseName
  std::string region;    // AWS_REGION, else AWS_DEFAULT_REGION
  std::string endpoint;  // AWS_ENDPOINT_URL_DYNAMODB; empty: https://dynamodb.<region>.amazonaws.com
  std::string accessKeyId, secretAccessKey, sessionToken;
  // Users are spread over this many index partitions ("U#0".."U#n-1") so that score and join-date
  // writes never pile onto one partition; top-K reads query every shard and merge. Changing it
  // requires rewriting the users (re-run the import).
  int leaderboardShards = 4;
  long timeoutMs = 3000;  // per HTTP request, connection included
  int maxAttempts = 6;    // per operation, the first try included
  long backoffBaseMs = 25;
  long backoffCapMs = 1000;
  // Told the capacity each request consumed (every item operation asks for ReturnConsumedCapacity
  // TOTAL when this is set); nullptr: capacity is not asked for. Must outlive the store.
  core::Telemetry* telemetry = nullptr;

  // Reads the variables named above (and HDOC_LEADERBOARD_SHARDS); a non-empty `endpointOverride`
  // (--dynamodb-endpoint) replaces AWS_ENDPOINT_URL_DYNAMODB. Throws std::invalid_argument naming
  // what is missing: the table, the region (unless an endpoint is set: DynamoDB Local then gets
  // "us-east-1") or the credentials.
  static DynamoConfig fromEnvironment(const std::string& endpointOverride = "");
};

// Called after each chunk of a large upsert with how many records are written so far.
using WriteProgress = std::function<void(std::size_t written, std::size_t total)>;

class DynamoStore final : public Store {
 public:
  // Throws std::invalid_argument for an unusable configuration; does not contact DynamoDB.
  explicit DynamoStore(DynamoConfig config);
  ~DynamoStore() override;

  std::string_view kind() const override { return "dynamodb"; }
  void ping() override;

  void scanUsers(UserOrder order, const std::optional<UserPosition>& after,
                 std::optional<std::size_t> maxItems, const Visitor<core::User>& visit) override;
  std::optional<core::User> findUser(std::string_view githubProfile) override;
  void scanArticles(std::optional<std::string_view> tag, std::optional<std::int64_t> afterId,
                    std::optional<std::size_t> maxItems, const Visitor<core::Article>& visit) override;
  void scanTagCounts(const std::optional<TagPosition>& after, std::optional<std::size_t> maxItems,
                     const Visitor<core::TagCount>& visit) override;

  // Up to 100 users or 25 articles (after removing repeated keys, the last one winning) are written
  // in one transaction, so the call is atomic; larger batches (imports) go in chunks of that size,
  // each atomic and idempotent, so re-running the same batch gives the same table. The owner claims of
  // users with an owner follow the users' transactions, in transactions of their own (restores.cpp).
  void upsertUsers(std::span<const core::User> users) override;
  void upsertArticles(std::span<const core::Article> articles) override;
  // Deletes the profile, its owner claim and its entries (more than one transaction when there are
  // over ~98 entries: see journeys.cpp for what a crash half-way leaves and why no read sees it).
  bool deleteUser(std::string_view githubProfile) override;
  bool deleteArticle(std::int64_t id) override;

  // The write API (journeys.cpp, article_writes.cpp; docs/dynamodb.md).
  std::optional<core::User> findUserByOwner(std::string_view ownerSub) override;
  void createUser(const core::User& user) override;
  bool updateProfile(const core::User& user) override;
  std::vector<core::Entry> listEntries(std::string_view githubProfile) override;
  EntryWrite putEntry(const core::Entry& entry) override;
  std::optional<core::Entry> setEntryVerified(std::string_view githubProfile, core::Platform platform,
                                              int day, bool verified) override;
  // The GitHub journey sync (github_sync.cpp, journey_repo_claims.cpp; docs/dynamodb.md).
  std::optional<JourneyLink> findJourneyLink(std::string_view repoFullName) override;
  PushResult recordGithubPush(const GithubPush& push) override;
  void restoreEntries(std::span<const core::Entry> entries, Figures figures) override;
  std::optional<core::Article> findArticle(std::int64_t id) override;
  core::Article createArticle(const core::Article& article) override;
  bool replaceArticle(const core::Article& article) override;

  // DynamoDB has no cheap change counter: response caches stay off.
  std::optional<std::uint64_t> dataVersion() override { return std::nullopt; }

  // Progress of upsertUsers/upsertArticles (for `hdoc import` on a terminal); empty: none.
  void setWriteProgress(WriteProgress progress);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Creates the table with the schema of dynamodb/table_schema.hpp (on-demand billing). An existing
// table is fine. With `wait`, returns once the table and its indexes are ACTIVE.
void createTable(const DynamoConfig& config, bool wait);

}  // namespace hdoc::store
