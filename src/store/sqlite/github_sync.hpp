// SqliteStore's part of the GitHub journey sync: the githubJourneyRepo uniqueness check of profile
// writes, the webhook's repository lookup and the atomic push write. Each function runs on the caller's
// connection (inside its transaction when it writes), so sqlite_store.cpp only forwards to them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/sqlite/connection.hpp"
#include "store/store.hpp"

namespace hdoc::store::sqlite {

// The lookup of findJourneyLink: one read of the users_by_journey_repo index.
extern const std::string kFindJourneyLink;

// Throws StoreError(Conflict) naming the other journeyer when another user than `user` links the same
// githubJourneyRepo. Checked first for that message; the unique index still guards every write.
void ensureJourneyRepoFree(Connection& conn, const core::User& user);

std::optional<Store::JourneyLink> findJourneyLink(Connection& conn, std::string_view repoFullName);

// Recomputes a journeyer's figures from their entries, inside the caller's transaction (the store's
// own, so that a push scores exactly as putEntry does).
using RecomputeScores = void (*)(Connection& conn, const std::string& fold, const std::string& githubProfile);

// Store::recordGithubPush inside the caller's write transaction.
Store::PushResult recordGithubPush(Connection& conn, const Store::GithubPush& push,
                                   RecomputeScores recompute);

}  // namespace hdoc::store::sqlite
