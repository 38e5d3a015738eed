// The SQL of every store call, named (the query-plan test pins each read's plan by name).
// Every list is a keyset range read of one index: rows strictly after (?1, ?2) in index order, the
// next ?3 of them. Orders that sort one field descending read an index on its negation
// (rank_key = -total score, recent_key = -join millis, tag_counts.rank_key = -count), because a
// row-value comparison can only start a range on an index whose columns all ascend.
#pragma once

#include <string>

#include "store/sqlite/rows.hpp"

namespace hdoc::store::sqlite::sql {

inline const std::string kScanRegistration = std::string("SELECT ") + kUserColumns +
                                             " FROM users WHERE (joined_ms, github_profile) > (?1, ?2)"
                                             " ORDER BY joined_ms, github_profile LIMIT ?3";
inline const std::string kScanRecent = std::string("SELECT ") + kUserColumns +
                                       " FROM users WHERE (recent_key, github_profile) > (?1, ?2)"
                                       " ORDER BY recent_key, github_profile LIMIT ?3";
inline const std::string kScanLeaderboard = std::string("SELECT ") + kUserColumns +
                                            " FROM users WHERE (rank_key, github_profile) > (?1, ?2)"
                                            " ORDER BY rank_key, github_profile LIMIT ?3";
inline const std::string kScanArticles =
    std::string("SELECT ") + kArticleColumns + " FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2";
inline const std::string kScanArticlesByTag =
    std::string("SELECT ") + kArticleColumns +
    " FROM articles WHERE tag_fold = ?1 AND id > ?2 ORDER BY id LIMIT ?3";
inline const std::string kScanTagCounts =
    "SELECT tag, count FROM tag_counts WHERE (rank_key, tag) > (?1, ?2) ORDER BY rank_key, tag LIMIT ?3";

inline const std::string kFindUser =
    std::string("SELECT ") + kUserColumns + " FROM users WHERE github_fold = ?1";
inline const std::string kFindUserByOwner =
    std::string("SELECT ") + kUserColumns + " FROM users WHERE owner = ?1";
inline const std::string kFindArticle =
    std::string("SELECT ") + kArticleColumns + " FROM articles WHERE id = ?1";
// A journeyer's entries by day, github before twitter: one range read of the entries primary key.
inline const std::string kListEntries =
    std::string("SELECT ") + kEntryColumns + " FROM entries WHERE user_fold = ?1 ORDER BY day, platform";
inline const std::string kFindEntry = std::string("SELECT ") + kEntryColumns +
                                      " FROM entries WHERE user_fold = ?1 AND day = ?2 AND platform = ?3";
inline const std::string kNextArticleId = "SELECT coalesce(max(id), 0) + 1 FROM articles";
inline const std::string kProfileOf = "SELECT github_profile FROM users WHERE github_fold = ?1";

inline const std::string kUpsertUser = R"sql(
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

inline const std::string kUpsertArticle = R"sql(
INSERT INTO articles (id, title, subtitle, image, tags, tag_fold, author)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
ON CONFLICT (id) DO UPDATE SET title = excluded.title, subtitle = excluded.subtitle,
  image = excluded.image, tags = excluded.tags, tag_fold = excluded.tag_fold, author = excluded.author
)sql";

}  // namespace hdoc::store::sqlite::sql
