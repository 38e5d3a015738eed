// How records become DynamoDB items and back, and the sort keys that make DynamoDB's byte order of
// an index equal the API's order (core/ordering.hpp), ties included.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/model.hpp"

namespace hdoc::store::dynamodb {

boost::json::object stringValue(std::string_view s);  // {"S": s}
boost::json::object numberValue(std::int64_t n);      // {"N": "n"}

// Key values.
std::string userPartition(std::string_view githubProfile);  // "USER#" + asciiFold(profile)
inline constexpr std::string_view kUserSort = "USER";
inline constexpr std::string_view kArticlePartition = "ARTICLE";
std::string articleSort(std::int64_t id);  // 16 digits, zero-padded: byte order is id order
std::string tagCounterPartition(std::string_view tag);  // "TAG#" + the exact tag
inline constexpr std::string_view kTagCounterSort = "COUNT";
inline constexpr std::string_view kTagCountPartition = "TAGCOUNT";

boost::json::object userKey(std::string_view githubProfile);
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

// Attribute readers; throw std::runtime_error when the item lacks the attribute or its type.
std::string itemString(const boost::json::object& item, std::string_view name);
std::int64_t itemNumber(const boost::json::object& item, std::string_view name);

boost::json::object userItem(const core::User& user, int shards);
core::User userFromItem(const boost::json::object& item);
boost::json::object articleItem(const core::Article& article);
core::Article articleFromItem(const boost::json::object& item);

}  // namespace hdoc::store::dynamodb
