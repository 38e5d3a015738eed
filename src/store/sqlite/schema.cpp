#include "store/sqlite/schema.hpp"

#include <string>

#include "store/store.hpp"

namespace hdoc::store::sqlite {
namespace {

// Version 1: users, articles, tag counts kept by triggers.
// - total_score is a stored generated column so the leaderboard index can order by it.
// - joined_ms orders by the instant of dateJoined; the original string is what the API returns.
// - github_fold / tag_fold are asciiFold() of the key, computed by the store on write (SQLite's
//   lower() would do the same for ASCII, but one definition in core keeps DynamoDB identical).
// - tag_counts is maintained inside the same transaction as every article change, so a read never
//   counts and the counts never drift.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE users (
  github_fold      TEXT NOT NULL UNIQUE,
  github_profile   TEXT NOT NULL,
  id               TEXT NOT NULL,
  name             TEXT NOT NULL,
  days_completed   INTEGER NOT NULL,
  github_score     INTEGER NOT NULL,
  github_streak    INTEGER NOT NULL,
  twitter_profile  TEXT NOT NULL,
  twitter_score    INTEGER NOT NULL,
  twitter_streak   INTEGER NOT NULL,
  linkedin_profile TEXT NOT NULL,
  status           INTEGER NOT NULL,
  avatar_image     TEXT NOT NULL,
  date_joined      TEXT NOT NULL,
  joined_ms        INTEGER NOT NULL,
  bio              TEXT,
  total_score      INTEGER GENERATED ALWAYS AS (github_score + twitter_score) STORED
);
CREATE INDEX users_by_score ON users (total_score DESC, github_profile ASC);
CREATE INDEX users_by_joined ON users (joined_ms ASC, github_profile ASC);
CREATE INDEX users_by_recent ON users (joined_ms DESC, github_profile ASC);

CREATE TABLE articles (
  id        INTEGER PRIMARY KEY,
  title     TEXT NOT NULL,
  subtitle  TEXT NOT NULL,
  image     TEXT NOT NULL,
  tags      TEXT NOT NULL,
  tag_fold  TEXT NOT NULL,
  author    TEXT NOT NULL
);
CREATE INDEX articles_by_tag ON articles (tag_fold, id);

CREATE TABLE tag_counts (
  tag    TEXT PRIMARY KEY,
  count  INTEGER NOT NULL CHECK (count > 0)
) WITHOUT ROWID;
CREATE INDEX tag_counts_by_count ON tag_counts (count DESC, tag ASC);

CREATE TRIGGER articles_count_insert AFTER INSERT ON articles BEGIN
  INSERT INTO tag_counts (tag, count) VALUES (NEW.tags, 1)
    ON CONFLICT (tag) DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER articles_count_delete AFTER DELETE ON articles BEGIN
  DELETE FROM tag_counts WHERE tag = OLD.tags AND count = 1;
  UPDATE tag_counts SET count = count - 1 WHERE tag = OLD.tags;
END;
CREATE TRIGGER articles_count_update AFTER UPDATE OF tags ON articles WHEN OLD.tags IS NOT NEW.tags BEGIN
  DELETE FROM tag_counts WHERE tag = OLD.tags AND count = 1;
  UPDATE tag_counts SET count = count - 1 WHERE tag = OLD.tags;
  INSERT INTO tag_counts (tag, count) VALUES (NEW.tags, 1)
    ON CONFLICT (tag) DO UPDATE SET count = count + 1;
END;
)sql";

// Version 2: the write API.
// - users.owner is the Cognito `sub` of a written profile (NULL for imported journeyers); one
//   profile per owner, enforced by a partial unique index that is also the findUserByOwner lookup.
// - entries holds one row per user, challenge day and platform. The key leads with the user, then
//   the day, so listing a journeyer's entries by day and recomputing their scores are both one
//   range read of the primary key. Deleting a user cascades to their entries (foreign_keys is ON).
constexpr std::string_view kV2 = R"sql(
ALTER TABLE users ADD COLUMN owner TEXT;
CREATE UNIQUE INDEX users_by_owner ON users (owner) WHERE owner IS NOT NULL;

CREATE TABLE entries (
  user_fold  TEXT NOT NULL REFERENCES users (github_fold) ON DELETE CASCADE ON UPDATE CASCADE,
  day        INTEGER NOT NULL CHECK (day BETWEEN 1 AND 100),
  platform   TEXT NOT NULL CHECK (platform IN ('github', 'twitter')),
  url        TEXT NOT NULL,
  date       TEXT NOT NULL,
  verified   INTEGER NOT NULL DEFAULT 1 CHECK (verified IN (0, 1)),
  PRIMARY KEY (user_fold, day, platform)
) WITHOUT ROWID;
)sql";

// Version 3: keyset pagination. A page after (first, second) is one range read of an index on
// (first, second) when both ascend: SQLite starts a row-value range `(a, b) > (?, ?)` only on such an
// index. The orders with a descending first field get one on its negation, as a virtual generated
// column (computed from the row, never stored or written), replacing the mixed-direction indexes.
constexpr std::string_view kV3 = R"sql(
ALTER TABLE users ADD COLUMN rank_key INTEGER GENERATED ALWAYS AS (-(github_score + twitter_score)) VIRTUAL;
ALTER TABLE users ADD COLUMN recent_key INTEGER GENERATED ALWAYS AS (-joined_ms) VIRTUAL;
CREATE INDEX users_by_rank ON users (rank_key, github_profile);
CREATE INDEX users_by_recent_key ON users (recent_key, github_profile);
DROP INDEX users_by_score;
DROP INDEX users_by_recent;
ALTER TABLE tag_counts ADD COLUMN rank_key INTEGER GENERATED ALWAYS AS (-count) VIRTUAL;
CREATE INDEX tag_counts_by_rank ON tag_counts (rank_key, tag);
DROP INDEX tag_counts_by_count;
)sql";

// Version 4: GitHub journey sync.
// - users.github_journey_repo is the linked repository as the journeyer wrote it; journey_repo_fold is
//   its key (core::journeyRepoKey), written by the store. The partial unique index makes one repository
//   link at most one journeyer, and is also the webhook's lookup from repository.full_name.
// - github_deliveries holds one row per X-GitHub-Delivery that was applied, so that a redelivery (which
//   carries the same id) changes nothing. Rows are tiny (one per push) and kept.
constexpr std::string_view kGithubJourneySync = R"sql(
ALTER TABLE users ADD COLUMN github_journey_repo TEXT;
ALTER TABLE users ADD COLUMN journey_repo_fold TEXT;
CREATE UNIQUE INDEX users_by_journey_repo ON users (journey_repo_fold) WHERE journey_repo_fold IS NOT NULL;

CREATE TABLE github_deliveries (
  delivery_id  TEXT PRIMARY KEY,
  repo_fold    TEXT NOT NULL,
  user_fold    TEXT NOT NULL,
  received_at  INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

constexpr std::string_view kMigrations[] = {kV1, kV2, kV3, kGithubJourneySync};

}  // namespace

std::span<const std::string_view> migrations() {
  return kMigrations;
}

void migrate(Connection& conn) {
  // WAL outside the transaction: the journal mode cannot change inside one.
  conn.exec("PRAGMA journal_mode = WAL");
  Transaction txn(conn);
  const auto current = [&] {
    auto stmt = conn.prepare("PRAGMA user_version");
    stmt.step();
    return stmt.integer(0);
  }();
  const auto target = static_cast<std::int64_t>(std::size(kMigrations));
  if (current > target) {
    throw StoreError(StoreError::Kind::Unavailable, "database schema version " + std::to_string(current) +
                                                        " is newer than this hdoc supports (" +
                                                        std::to_string(target) + ")");
  }
  for (auto v = current; v < target; ++v) conn.exec(std::string(kMigrations[v]));
  if (current != target) conn.exec("PRAGMA user_version = " + std::to_string(target));
  txn.commit();
}

}  // namespace hdoc::store::sqlite
