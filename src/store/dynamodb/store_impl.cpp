#include "store/dynamodb/store_impl.hpp"

#include <algorithm>
#include <map>
#include <random>

#include "core/scoring.hpp"
#include "core/text.hpp"
#include "store/dynamodb/github_items.hpp"

namespace hdoc::store {
namespace json = boost::json;
using namespace dynamodb;

namespace dynamodb {

bool unmatchableKey(std::string_view s) {
  constexpr std::size_t kMaxKeyBytes = 1024;  // longer lookups cannot match a stored key
  return s.empty() || s.size() > kMaxKeyBytes || !core::isValidUtf8(s);
}

json::object member(std::string_view key, json::value value) {
  json::object o;
  o[key] = std::move(value);
  return o;
}

}  // namespace dynamodb

namespace {

std::string requestToken() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token(32, '0');
  for (char& c : token) c = kHex[rng() % 16];
  return token;
}

json::object transactRequest(json::array actions) {
  json::object req;
  req["TransactItems"] = std::move(actions);
  // The same token on a retried request makes DynamoDB apply the transaction at most once.
  req["ClientRequestToken"] = requestToken();
  return req;
}

}  // namespace

void DynamoStore::Impl::mergeUsers(std::string_view index, std::string_view sortAttr,
                                   const std::optional<std::string>& after, std::optional<std::size_t> limit,
                                   const Store::Visitor<core::User>& visit) {
  if (limit && *limit == 0) return;
  std::vector<QueryCursor> cursors;
  for (int shard = 0; shard < shards(); ++shard) {
    json::object req = queryRequest(table(), index, attr::kUserShard, "U#" + std::to_string(shard), true);
    if (after) startAfter(req, sortAttr, stringValue(*after));
    if (limit) req["Limit"] = *limit;
    cursors.emplace_back(client, std::move(req));
  }
  for (std::size_t taken = 0; !limit || taken < *limit; ++taken) {
    QueryCursor* best = nullptr;
    std::string bestKey;
    for (auto& cursor : cursors) {
      const json::object* head = cursor.peek();
      if (!head) continue;
      std::string key = itemString(*head, sortAttr);
      if (!best || key < bestKey) best = &cursor, bestKey = std::move(key);
    }
    if (!best || !visit(userFromItem(best->pop()))) return;
  }
}

// An UpdateItem that makes the user's item hold exactly `u`: every field is SET, an absent bio is
// REMOVEd, and an empty owner leaves the stored one (an import never takes a written profile away
// from its owner, as in SQLite). The key is the folded githubProfile, so an update can only ever
// reach the same person whatever the case it is written in: that is what keeps githubProfile unique.
// A new user gets a generation; every update bumps the version, so a concurrent score change (which
// checks it) reads the imported figures again instead of overwriting them with stale ones.
json::object DynamoStore::Impl::userUpdate(const core::User& u) {
  json::object item = userItem(u, shards());
  json::object names, values;
  std::string set;
  int n = 0;
  for (auto& [name, value] : item) {
    if (name == attr::kPk || name == attr::kSk) continue;
    const std::string i = std::to_string(n++);
    set += (set.empty() ? "SET " : ", ") + ("#a" + i) + " = :a" + i;
    names["#a" + i] = name;
    values[":a" + i] = std::move(value);
  }
  set += ", #gen = if_not_exists(#gen, :gen), #ver = if_not_exists(#ver, :zero) + :one";
  names["#gen"] = kGeneration;
  names["#ver"] = kVersion;
  values[":gen"] = stringValue(newGeneration());
  values[":zero"] = numberValue(0);
  values[":one"] = numberValue(1);
  std::string expression = set;
  std::string remove;
  if (!u.bio) {
    remove = "#bio";
    names["#bio"] = "bio";
  }
  // Likewise an absent githubJourneyRepo: the record unlinks (writeUsers moves the repository's claim).
  if (!u.githubJourneyRepo) {
    remove += remove.empty() ? "#jr" : ", #jr";
    names["#jr"] = kJourneyRepo;
  }
  if (!remove.empty()) expression += " REMOVE " + remove;
  json::object update;
  update["TableName"] = table();
  update["Key"] = userKey(u.githubProfile);
  update["UpdateExpression"] = std::move(expression);
  update["ExpressionAttributeNames"] = std::move(names);
  update["ExpressionAttributeValues"] = std::move(values);
  return update;
}

void DynamoStore::Impl::transact(json::array actions) {
  client.call("TransactWriteItems", transactRequest(std::move(actions)));
}

std::optional<ErrorReply> DynamoStore::Impl::tryTransact(json::array actions) {
  auto result = client.tryCall("TransactWriteItems", transactRequest(std::move(actions)));
  auto* error = std::get_if<ErrorReply>(&result);
  if (!error) return std::nullopt;
  if (error->type != "TransactionCanceledException") client.raise("TransactWriteItems", *error);
  return std::move(*error);
}

json::object DynamoStore::Impl::counterUpdate(const std::string& tag, std::int64_t delta) {
  json::object update;
  update["TableName"] = table();
  update["Key"] = tagCounterKey(tag);
  // SET on every update: a counter deleted at zero comes back complete on its next increment.
  update["UpdateExpression"] = "ADD #c :d SET #part = :part, #tag = :tag";
  update["ExpressionAttributeNames"] = {{"#c", attr::kCount}, {"#part", attr::kCountPart}, {"#tag", "tag"}};
  update["ExpressionAttributeValues"] = {
      {":d", numberValue(delta)}, {":part", stringValue(kTagCountPartition)}, {":tag", stringValue(tag)}};
  return update;
}

// Removes counters that reached zero, unless an article took the tag again meanwhile. Listing never
// shows them either way (the index query asks for counts above zero): this only tidies.
void DynamoStore::Impl::dropEmptyCounters(const std::set<std::string>& tags) {
  for (const auto& tag : tags) {
    json::object req;
    req["TableName"] = table();
    req["Key"] = tagCounterKey(tag);
    req["ConditionExpression"] = "#c = :zero";
    req["ExpressionAttributeNames"] = {{"#c", attr::kCount}};
    req["ExpressionAttributeValues"] = {{":zero", numberValue(0)}};
    try {
      client.call("DeleteItem", req);
    } catch (const StoreError& e) {
      if (e.kind() != StoreError::Kind::Conflict) throw;
    }
  }
}

// Writes up to kArticleChunk distinct articles and their counter changes in one transaction. Each Put
// is conditioned on the tag read just before, so a concurrent change of the same article makes the
// transaction fail as a whole; it is then read and computed again.
void DynamoStore::Impl::writeArticleChunk(std::span<const core::Article> chunk) {
  std::set<std::string> decremented;
  for (int attempt = 1;; ++attempt) {
    json::array keys;
    for (const auto& a : chunk) keys.push_back(articleKey(a.id));
    std::map<std::int64_t, std::string> oldTags;
    for (const auto& item : client.batchGet(std::move(keys), true)) {
      oldTags[itemNumber(item, attr::kArticleId)] = itemString(item, "tags");
    }
    json::array actions;
    std::map<std::string, std::int64_t> delta;
    for (const auto& a : chunk) {
      json::object put;
      put["TableName"] = table();
      put["Item"] = articleItem(a);
      auto old = oldTags.find(a.id);
      if (old == oldTags.end()) {
        put["ConditionExpression"] = "attribute_not_exists(#pk)";
        put["ExpressionAttributeNames"] = {{"#pk", attr::kPk}};
        ++delta[a.tags];
      } else {
        put["ConditionExpression"] = "#tags = :old";
        put["ExpressionAttributeNames"] = {{"#tags", "tags"}};
        put["ExpressionAttributeValues"] = {{":old", stringValue(old->second)}};
        if (old->second != a.tags) --delta[old->second], ++delta[a.tags];
      }
      actions.push_back(member("Put", std::move(put)));
    }
    decremented.clear();
    for (const auto& [tag, d] : delta) {
      if (d == 0) continue;
      if (d < 0) decremented.insert(tag);
      actions.push_back(member("Update", counterUpdate(tag, d)));
    }
    try {
      transact(std::move(actions));
      break;
    } catch (const StoreError& e) {
      if (e.kind() != StoreError::Kind::Conflict || attempt >= client.config().maxAttempts) throw;
    }
    client.backoff(attempt, "article write kept racing other writers");
  }
  dropEmptyCounters(decremented);
}

std::optional<json::object> DynamoStore::Impl::getArticleItem(std::int64_t id) {
  json::object get;
  get["TableName"] = table();
  get["Key"] = articleKey(id);
  get["ConsistentRead"] = true;
  json::object reply = client.call("GetItem", get);
  auto* item = reply.if_contains("Item");
  if (!item || !item->is_object() || item->get_object().empty()) return std::nullopt;
  return std::move(item->get_object());
}

UserCollection DynamoStore::Impl::readUserCollection(std::string_view githubProfile) {
  UserCollection out;
  if (unmatchableKey(githubProfile)) return out;
  json::object req = queryRequest(table(), "", attr::kPk, userPartition(githubProfile), true);
  req["ConsistentRead"] = true;
  QueryCursor cursor(client, std::move(req));
  std::vector<json::object> entryItems;
  while (cursor.peek()) {
    json::object item = cursor.pop();
    const std::string sk = itemString(item, attr::kSk);
    if (sk == kUserSort) {
      out.user = std::move(item);
    } else if (sk.starts_with(kEntryPrefix)) {
      out.entryKeys.push_back(
          {{std::string(attr::kPk), item.at(attr::kPk)}, {std::string(attr::kSk), item.at(attr::kSk)}});
      entryItems.push_back(std::move(item));
    }
  }
  if (!out.user) return out;
  out.generation =
      out.user->contains(kGeneration) ? itemString(*out.user, kGeneration) : std::string(kLegacyGeneration);
  if (out.user->contains(kVersion)) out.version = itemNumber(*out.user, kVersion);
  const std::string profile = itemString(*out.user, "githubProfile");
  // Items arrive by sort key, and within one generation that is day then platform.
  for (const auto& item : entryItems) {
    const bool current = item.contains(kGeneration) && itemString(item, kGeneration) == out.generation;
    if (current) out.entries.push_back(entryFromItem(item, profile));
  }
  return out;
}

json::object DynamoStore::Impl::scoresUpdate(const UserCollection& collection,
                                             const std::vector<core::Entry>& entries) {
  core::User user = userFromItem(*collection.user);
  const core::Scores s = core::computeScores(entries);
  user.githubScore = s.githubScore;
  user.githubStreak = s.githubStreak;
  user.twitterScore = s.twitterScore;
  user.twitterStreak = s.twitterStreak;
  user.daysCompleted = s.daysCompleted;

  json::object update;
  update["TableName"] = table();
  update["Key"] = userKey(user.githubProfile);
  update["UpdateExpression"] =
      "SET githubScore = :gs, githubStreak = :gk, twitterScore = :ts, twitterStreak = :tk, "
      "daysCompleted = :dc, #lb = :lb, #ver = :next";
  Condition unchanged = unchangedSince(collection);
  json::object names = std::move(unchanged.names);
  json::object values = std::move(unchanged.values);
  names["#lb"] = attr::kScoreKey;
  names["#ver"] = kVersion;
  values[":gs"] = numberValue(s.githubScore);
  values[":gk"] = numberValue(s.githubStreak);
  values[":ts"] = numberValue(s.twitterScore);
  values[":tk"] = numberValue(s.twitterStreak);
  values[":dc"] = numberValue(s.daysCompleted);
  values[":lb"] = stringValue(scoreSortKey(user));
  values[":next"] = numberValue(collection.version.value_or(0) + 1);
  update["ConditionExpression"] = std::move(unchanged.expression);
  update["ExpressionAttributeNames"] = std::move(names);
  update["ExpressionAttributeValues"] = std::move(values);
  return update;
}

Condition dynamodb::unchangedSince(const UserCollection& collection) {
  Condition c;
  c.names["#ver"] = kVersion;
  c.names["#gen"] = kGeneration;
  if (collection.generation == kLegacyGeneration) {
    c.expression = "attribute_exists(githubProfile) AND attribute_not_exists(#gen)";
  } else {
    c.expression = "#gen = :gen";
    c.values[":gen"] = stringValue(collection.generation);
  }
  if (collection.version) {
    c.expression += " AND #ver = :ver";
    c.values[":ver"] = numberValue(*collection.version);
  } else {
    c.expression += " AND attribute_not_exists(#ver)";
  }
  return c;
}

}  // namespace hdoc::store
