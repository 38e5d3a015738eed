// The storage seam. Every read the API makes is one call here with a bounded result, so that a
// key-value store (DynamoDB) can answer each with key lookups and index range reads, and a stateless
// host (Lambda) needs no in-memory copy of the data.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/entry.hpp"
#include "core/model.hpp"

namespace hdoc::store {

// A failure the API maps to a status code. Anything else thrown by a store is a 500.
class StoreError : public std::runtime_error {
 public:
  enum class Kind {
    Unavailable,  // the store cannot be reached or keeps throttling: 503 with Retry-After
    Conflict,     // a uniqueness or condition check failed: 409
    Invalid,      // the store refused the data as malformed: 400
  };
  StoreError(Kind kind, const std::string& what, int retryAfterSeconds = 1)
      : std::runtime_error(what), kind_(kind), retryAfter_(retryAfterSeconds) {}
  Kind kind() const { return kind_; }
  int retryAfterSeconds() const { return retryAfter_; }

 private:
  Kind kind_;
  int retryAfter_;
};

class Store {
 public:
  virtual ~Store() = default;

  // "sqlite" or "dynamodb", for /healthz and logs.
  virtual std::string_view kind() const = 0;
  // Throws StoreError(Unavailable) when the store cannot answer.
  virtual void ping() = 0;

  // --- reads (orders are the ones in core/ordering.hpp) ---
  // Every list is read as a keyset scan: the items strictly after a position (the sort key of the
  // last item a caller already has; from the start when nullopt), in order, at most `maxItems` of
  // them (nullopt: until the end), each handed to `visit` until it returns false. A store reads
  // only what it visits, plus at most one page of its own look-ahead, so a page's cost is bounded
  // by the page whatever the size of the list (tests/store/pagination_conformance.hpp).
  template <class T>
  using Visitor = std::function<bool(T&&)>;

  enum class UserOrder {
    Registration,  // GET /users: join instant ascending, then githubProfile
    Recent,        // GET /users/recent: join instant descending, then githubProfile
    Leaderboard,   // GET /leaderboard: total score descending, then githubProfile
  };
  // A user's sort key in one of those orders: the join instant (milliseconds since the epoch, as
  // core::joinedMillis) or the total score, and the githubProfile as stored.
  struct UserPosition {
    std::int64_t rank = 0;
    std::string githubProfile;
  };
  virtual void scanUsers(UserOrder order, const std::optional<UserPosition>& after,
                         std::optional<std::size_t> maxItems, const Visitor<core::User>& visit) = 0;
  // Articles by id after `afterId`; with a tag, those whose tag equals it ASCII-case-insensitively.
  virtual void scanArticles(std::optional<std::string_view> tag, std::optional<std::int64_t> afterId,
                            std::optional<std::size_t> maxItems, const Visitor<core::Article>& visit) = 0;
  // Tag counts by count descending, then tag ascending (bytewise).
  struct TagPosition {
    std::int64_t count = 0;
    std::string tag;
  };
  virtual void scanTagCounts(const std::optional<TagPosition>& after, std::optional<std::size_t> maxItems,
                             const Visitor<core::TagCount>& visit) = 0;
  // The user whose githubProfile equals `githubProfile` ASCII-case-insensitively.
  virtual std::optional<core::User> findUser(std::string_view githubProfile) = 0;

  // Whole lists and first pages, for export, the command line and tests: scans from the start.
  std::vector<core::User> listUsers(std::optional<std::size_t> limit);
  void forEachUser(const std::function<void(const core::User&)>& visit);
  std::vector<core::User> recentUsers(std::size_t limit);
  std::vector<core::User> leaderboard(std::size_t limit);
  std::vector<core::Article> listArticles(std::optional<std::string_view> tag,
                                          std::optional<std::size_t> limit);
  void forEachArticle(const std::function<void(const core::Article&)>& visit);
  std::vector<core::TagCount> tagCounts(std::optional<std::size_t> limit);

  // --- writes (validated by the caller; each call is atomic) ---
  // Inserts or replaces by key (githubProfile folded / article id). Tag counts follow. A user without
  // an owner keeps the one stored; a user with one (a complete export's) is given it, and
  // findUserByOwner finds it afterwards; an owner who owns another profile is StoreError(Conflict).
  virtual void upsertUsers(std::span<const core::User> users) = 0;
  virtual void upsertArticles(std::span<const core::Article> articles) = 0;
  // Returns false when there was nothing to delete. Deleting a user deletes their entries too.
  virtual bool deleteUser(std::string_view githubProfile) = 0;
  virtual bool deleteArticle(std::int64_t id) = 0;

  // --- the write API (profiles, entries, articles). Every call is one atomic change: scores are
  // recomputed from the entries (core::computeScores) and tag counts adjusted inside the same
  // transaction as the change that affects them. ---

  // The profile owned by a Cognito subject.
  virtual std::optional<core::User> findUserByOwner(std::string_view ownerSub) = 0;
  // Inserts a new profile (user.owner set). Throws StoreError(Conflict) when the githubProfile
  // (ASCII-case-insensitively) or the owner already has a profile, or when another journeyer links
  // the same githubJourneyRepo (ASCII-case-insensitively, core::journeyRepoKey).
  virtual void createUser(const core::User& user) = 0;
  // Replaces the profile fields (name, twitterProfile, linkedinProfile, bio, avatarImage, status,
  // githubJourneyRepo) of the user with this githubProfile; scores, streaks, daysCompleted,
  // dateJoined, id and owner are kept. false when there is no such user; StoreError(Conflict) when
  // another journeyer links that githubJourneyRepo.
  virtual bool updateProfile(const core::User& user) = 0;

  // The journeyer's entries, by day then platform (github first); empty when there is no such user.
  // Every Entry a store returns (here, in EntryWrite::stored and from setEntryVerified) carries the
  // user's githubProfile as stored, whatever case the caller used. Every User a store returns carries
  // its owner, which the API needs for its ownership rules (tests/store/journeys_conformance_test.cpp).
  virtual std::vector<core::Entry> listEntries(std::string_view githubProfile) = 0;
  enum class EntryOutcome { Created, Identical, Conflict, NoSuchUser };
  struct EntryWrite {
    EntryOutcome outcome;
    std::optional<core::Entry> stored;  // the entry now stored for that user, platform and day
  };
  // Stores an entry (one per user, platform and day) and recomputes the user's scores. An entry
  // with the same url and date already there is Identical (nothing written); a different one is
  // Conflict (nothing written).
  virtual EntryWrite putEntry(const core::Entry& entry) = 0;
  // Marks an entry counted or rejected and recomputes the user's scores; nullopt when absent.
  virtual std::optional<core::Entry> setEntryVerified(std::string_view githubProfile, core::Platform platform,
                                                      int day, bool verified) = 0;

  // --- GitHub journey sync: pushes to a journeyer's Journey repository become GitHub entries
  // (http/github_webhook.cpp). Imports (upsertUsers) keep githubJourneyRepo unique too: a batch
  // linking a repository another journeyer links is refused with StoreError(Conflict). ---

  // Who links a repository (githubJourneyRepo), by its "owner/name" ASCII-case-insensitively; nullopt
  // when nobody does. One key lookup on both stores.
  struct JourneyLink {
    std::string githubProfile;      // the journeyer, as stored
    std::string githubJourneyRepo;  // the repository, as they linked it
  };
  virtual std::optional<JourneyLink> findJourneyLink(std::string_view repoFullName) = 0;

  struct GithubPush {
    std::string deliveryId;            // X-GitHub-Delivery: the same on a redelivery
    std::string githubJourneyRepo;     // repository.full_name of the push
    std::string githubProfile;         // the journeyer findJourneyLink named
    std::vector<core::Entry> entries;  // GitHub entries of distinct days (core::planPush)
    std::int64_t receivedAt = 0;       // seconds since the epoch
  };
  enum class PushOutcome { Applied, Redelivered, NotLinked };
  struct PushResult {
    PushOutcome outcome = PushOutcome::Applied;
    std::vector<core::Entry> added;    // the entries stored by this call, by day
    std::vector<core::Entry> present;  // for the other days of the push, the GitHub entry already there
  };
  // One atomic change, like putEntry: when this delivery id was recorded before, Redelivered and
  // nothing is written; when the journeyer no longer links that repository (or is gone), NotLinked and
  // nothing is written. Otherwise records the delivery and adds each entry whose day has no GitHub entry
  // yet; a day that has one keeps it, whatever its url, date or verification (the first push wins).
  // The journeyer's scores are recomputed from all their entries (core::computeScores) in the same
  // transaction, exactly as putEntry does. (DynamoDB: a push adding more than 98 days takes more than
  // one transaction, each consistent on its own; see docs/dynamodb.md.)
  virtual PushResult recordGithubPush(const GithubPush& push) = 0;

  // --- restores (hdoc import of a complete export, store/export_stream.hpp) ---
  // Stores each entry exactly as given (url, date and verification flag), replacing the entry of that
  // user, platform and day if there is one. With Figures::Keep the users' figures are left as stored:
  // a complete export carries them and puts them back with upsertUsers, so they come back exactly as
  // they were, imported figures included; with Figures::Recompute each user's figures are computed
  // from all their entries (core::computeScores), as every other entry change does. Throws
  // StoreError(Invalid) naming the journeyer when an entry's user does not exist (nothing written on
  // SQLite, one transaction; DynamoDB writes each journeyer's entries in transactions of up to 99,
  // each atomic and idempotent, so re-running the same restore converges).
  enum class Figures { Keep, Recompute };
  virtual void restoreEntries(std::span<const core::Entry> entries, Figures figures) = 0;

  virtual std::optional<core::Article> findArticle(std::int64_t id) = 0;
  // Stores a new article under the next free id (greatest id + 1) and returns it.
  virtual core::Article createArticle(const core::Article& article) = 0;
  // Replaces an existing article (tag counts follow); false when there is none with its id.
  virtual bool replaceArticle(const core::Article& article) = 0;

  // A number that changes whenever the data may have changed: at once for writes through this
  // object, within a short store-defined time for writes by other processes; nullopt when the store
  // cannot tell cheaply. Response caches are only used when it can.
  virtual std::optional<std::uint64_t> dataVersion() = 0;
};

}  // namespace hdoc::store
