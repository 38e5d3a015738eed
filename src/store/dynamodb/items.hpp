// How records become DynamoDB items and back, and the sort keys that make DynamoDB's byte order of
// an index equal the API's order (core/ordering.hpp), ties included.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/entry.hpp"
#include "core/model.hpp"

namespace hdoc::store::dynamodb {

boost::json::object stringValue(std::string_view s);  // {"S": s}
boost::json::object numberValue(std::int64_t n);      // {"N": "n"}

// Key values.
std::string userPartition(std::string_view githubProfile);  // "USER#" + asciiFold(profile)
inline constexpr std::string_view kUserSort = "USER";
inline constexpr std::string_view kArticlePartition = "ARTICLE";
std::string articleSort(std::int64_t id);               // 16 digits, zero-padded: byte order is id order
std::string tagCounterPartition(std::string_view tag);  // "TAG#" + the exact tag
inline constexpr std::string_view kTagCounterSort = "COUNT";
inline constexpr std::string_view kTagCountPartition = "TAGCOUNT";

// A profile's claim on its owner's Cognito subject: one item per subject, so "one profile per owner"
// is a condition on this key (attribute kOwnerUser holds the folded githubProfile).
std::string ownerPartition(std::string_view ownerSub);  // "OWNER#" + sub
inline constexpr std::string_view kOwnerSort = "OWNER";
inline constexpr std::string_view kOwnerUser = "userFold";

// Entries live in their user's partition (pk = userPartition), sorted by day then platform within
// one generation of the profile: "ENTRY#<gen>#<day, 3 digits>#<platform>". A profile created again
// after a deletion gets a new generation, so entries a half-finished deletion left behind are never
// read, counted or collided with (docs/dynamodb.md).
inline constexpr std::string_view kEntryPrefix = "ENTRY#";
std::string entrySort(std::string_view generation, int day, core::Platform platform);

// Attributes of the user item that the write API keeps: the profile's generation (absent on items
// written before it existed: they are generation kLegacyGeneration) and the optimistic-concurrency
// version every score change checks and bumps.
inline constexpr std::string_view kGeneration = "gen";
inline constexpr std::string_view kVersion = "ver";
inline constexpr std::string_view kLegacyGeneration = "0";
std::string newGeneration();  // 16 random hex digits

boost::json::object userKey(std::string_view githubProfile);
boost::json::object ownerKey(std::string_view ownerSub);
boost::json::object entryKey(std::string_view githubProfile, std::string_view generation, int day,
                             core::Platform platform);
boost::json::object articleKey(std::int64_t id);
boost::json::object tagCounterKey(std::string_view tag);

// The index partition of a user: "U#<n>", n a stable hash of the folded profile modulo `shards`.
std::string userShard(std::string_view githubProfile, int shards);

// Fixed-width numbers then '#' then githubProfile, so that byte order is the API's order:
// leaderboard (total desc, profile asc), registration (joined asc, profile asc) and recent
// (joined desc, profile asc).
std::string scoreSortKey(const core::User& user);
std::string joinSortKey(const core::User& user);
std::string recentSortKey(const core::User& user);
// The same keys from a position (total score or join millis, and the githubProfile), for the
// `sk > key` condition of the page that follows that position.
std::string scoreSortKey(std::int64_t totalScore, std::string_view githubProfile);
std::string joinSortKey(std::int64_t joinedMillis, std::string_view githubProfile);
std::string recentSortKey(std::int64_t joinedMillis, std::string_view githubProfile);

// Attribute readers; throw std::runtime_error when the item lacks the attribute or its type.
std::string itemString(const boost::json::object& item, std::string_view name);
std::int64_t itemNumber(const boost::json::object& item, std::string_view name);

boost::json::object userItem(const core::User& user, int shards);
core::User userFromItem(const boost::json::object& item);
// An entry item (key, generation, day, platform, url, date, verified); `githubProfile` of the result is
// the one given, the stored spelling of the user's.
boost::json::object entryItem(const core::Entry& entry, std::string_view generation);
core::Entry entryFromItem(const boost::json::object& item, const std::string& githubProfile);
bool itemBool(const boost::json::object& item, std::string_view name);
boost::json::object articleItem(const core::Article& article);
core::Article articleFromItem(const boost::json::object& item);

}  // namespace hdoc::store::dynamodb
