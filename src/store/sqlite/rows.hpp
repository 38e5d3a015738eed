// How records map to SQLite rows, in one place: the column lists every query selects, the readers
// of a result row and the binders of the write statements.
#pragma once

#include <string>

#include "core/entry.hpp"
#include "core/model.hpp"
#include "store/sqlite/connection.hpp"

namespace hdoc::store::sqlite {

// SELECT lists; readUser/readArticle expect exactly these columns, in this order.
inline constexpr const char* kUserColumns =
    "id, name, days_completed, github_profile, github_score, github_streak, twitter_profile, "
    "twitter_score, twitter_streak, linkedin_profile, status, avatar_image, date_joined, bio, owner, "
    "github_journey_repo";
inline constexpr const char* kArticleColumns = "id, title, subtitle, image, tags, author";
inline constexpr const char* kEntryColumns = "day, platform, url, date, verified";

core::User readUser(const Statement& s);
core::Article readArticle(const Statement& s);
// A row of kEntryColumns; the entry's githubProfile is the one given (the user's stored spelling).
core::Entry readEntry(const Statement& s, const std::string& githubProfile);

// The parameters ?1..?19 of the user upsert (folded key first) and ?1..?7 of every article write.
void bindUserRow(Statement& stmt, const core::User& user);
// githubJourneyRepo and its key (core::journeyRepoKey) at `index` and `index + 1`; NULL when unlinked.
void bindJourneyRepo(Statement& stmt, int index, const core::User& user);
void bindArticleRow(Statement& stmt, const core::Article& article);

}  // namespace hdoc::store::sqlite
