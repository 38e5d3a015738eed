// DynamoStore's internals, shared by the files that implement it: dynamodb_store.cpp (reads, imports,
// deletes), journeys.cpp (profiles and entries) and article_writes.cpp (articles of the write API).
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/dynamodb/client.hpp"
#include "store/dynamodb/dynamodb_store.hpp"
#include "store/dynamodb/items.hpp"
#include "store/dynamodb/query_cursor.hpp"
#include "store/dynamodb/table_schema.hpp"

namespace hdoc::store {
namespace dynamodb {

inline constexpr std::size_t kTransactMax = 100;             // TransactWriteItems actions
inline constexpr std::size_t kTransactMaxBytes = 3'500'000;  // under the 4 MB a transaction may carry
inline constexpr std::size_t kArticleChunk = 25;  // articles per transaction: 25 puts + at most 50 counters

// A key lookup that no stored item can match (DynamoDB would refuse the request instead).
bool unmatchableKey(std::string_view s);

// {"key": value}, e.g. one TransactItems entry.
boost::json::object member(std::string_view key, boost::json::value value);

// A user's partition as one consistent Query returns it: the user item and its entries.
struct UserCollection {
  std::optional<boost::json::object> user;     // the user item; nullopt when there is no such user
  std::string generation;                      // the user item's (kLegacyGeneration when it has none)
  std::optional<std::int64_t> version;         // nullopt: an item written before versions existed
  std::vector<core::Entry> entries;            // the entries of that generation, by day then platform
  std::vector<boost::json::object> entryKeys;  // the keys of every entry item there, any generation
};

// A condition expression with the placeholders it uses.
struct Condition {
  std::string expression;
  boost::json::object names, values;
};

// "The user item is still the one read": the same generation (not deleted and created again) and
// the same version (no score change or import in between).
Condition unchangedSince(const UserCollection& collection);

// Raises (as Client::call would) a cancelled transaction whose reasons are not all failed conditions,
// e.g. a ValidationError; a failed condition is left to the caller (journey_repo_claims.cpp).
void raiseUnlessConditional(Client& client, const ErrorReply& refused);

}  // namespace dynamodb

struct DynamoStore::Impl {
  explicit Impl(DynamoConfig config) : client(std::move(config)) {}

  dynamodb::Client client;
  WriteProgress progress;

  const std::string& table() const { return client.config().table; }
  int shards() const { return std::max(client.config().leaderboardShards, 1); }

  // Merges the shards of a user index, whose sort keys order users as the API does, and visits the
  // users whose sort key is above `after` (all when nullopt), at most `limit` of them (all when
  // nullopt), until `visit` returns false. Each shard's query asks for at most `limit` items, so a
  // page reads at most shards x limit items (and at most a 1 MB page per shard without a limit).
  void mergeUsers(std::string_view index, std::string_view sortAttr, const std::optional<std::string>& after,
                  std::optional<std::size_t> limit, const Store::Visitor<core::User>& visit);

  // An UpdateItem that makes the user's item hold exactly `u` (see the definition).
  boost::json::object userUpdate(const core::User& u);

  // --- githubJourneyRepo claims (journey_repo_claims.cpp) ---
  // upsertUsers of distinct users: each user item written with userUpdate and its repository's claim
  // moved with it, in transactions of at most 100 actions; StoreError(Conflict) when a repository is
  // claimed by another journeyer who still links it. Reports progress.
  void writeUsers(const std::vector<core::User>& users);
  // The owner claims (OWNER#sub) of the users that have an owner, in transactions of up to 100, each a
  // Put only where there is no claim or it is already that profile's; StoreError(Conflict) when the
  // owner's claim names another profile (restores.cpp).
  void writeOwnerClaims(const std::vector<core::User>& users);
  // updateProfile's UpdateItem `update` (the profile fields, githubJourneyRepo included), written with
  // the claim changes the repository needs; false when there is no such user.
  bool writeProfileUpdate(const core::User& user, const boost::json::object& update);
  // After a transaction failed at a claim Put for `user`'s repository: throws StoreError(Conflict) when
  // another journeyer holds that claim; returns when it was a race worth retrying.
  void throwIfClaimedByAnother(const core::User& user);

  // One TransactWriteItems with a fresh ClientRequestToken; throws like Client::call.
  void transact(boost::json::array actions);
  // The same, but a cancelled transaction is returned (with its reasons' codes), not thrown.
  std::optional<dynamodb::ErrorReply> tryTransact(boost::json::array actions);

  // Tag counters: ADD delta (in the caller's transaction), and tidying of counters at zero.
  boost::json::object counterUpdate(const std::string& tag, std::int64_t delta);
  void dropEmptyCounters(const std::set<std::string>& tags);
  void writeArticleChunk(std::span<const core::Article> chunk);

  // GetItem of an article, strongly consistent.
  std::optional<boost::json::object> getArticleItem(std::int64_t id);

  // The user item and entries of `githubProfile` (one consistent Query of its partition).
  dynamodb::UserCollection readUserCollection(std::string_view githubProfile);
  // The transaction action that stores the scores of `entries` (all of the user's, after the change)
  // on the user item and moves its leaderboard key, conditioned on the generation and version read.
  boost::json::object scoresUpdate(const dynamodb::UserCollection& user,
                                   const std::vector<core::Entry>& entries);

  // Runs `attempt` (read, compute, transact) again after a failed condition, up to maxAttempts
  // attempts with backoff; then StoreError(Unavailable): another writer kept winning the race.
  template <class Fn>
  auto optimistic(const std::string& what, Fn&& attempt) -> decltype(attempt()) {
    for (int n = 1;; ++n) {
      try {
        return attempt();
      } catch (const StoreError& e) {
        if (e.kind() != StoreError::Kind::Conflict) throw;
      }
      client.backoff(n, what + " kept racing other writers");
    }
  }
};

}  // namespace hdoc::store
