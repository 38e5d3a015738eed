#include "store/dynamodb/dynamodb_store.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <random>
#include <set>
#include <unordered_map>

#include "core/ordering.hpp"
#include "core/text.hpp"
#include "store/dynamodb/client.hpp"
#include "store/dynamodb/items.hpp"
#include "store/dynamodb/query_cursor.hpp"
#include "store/dynamodb/table_schema.hpp"

namespace hdoc::store {
namespace json = boost::json;
using namespace dynamodb;

namespace {

constexpr std::size_t kTransactMax = 100;    // TransactWriteItems actions
constexpr std::size_t kTransactMaxBytes = 3'500'000;  // under the 4 MB a transaction may carry
constexpr std::size_t kBatchWriteMax = 25;   // BatchWriteItem requests
constexpr std::size_t kArticleChunk = 25;    // articles per transaction: 25 puts + at most 50 counters
constexpr std::size_t kMaxKeyBytes = 1024;   // longer lookups cannot match a stored key

// A key lookup that no stored item can match (DynamoDB would refuse the request instead).
bool unmatchableKey(std::string_view s) { return s.empty() || s.size() > kMaxKeyBytes || !core::isValidUtf8(s); }

// {"key": value}, e.g. one TransactItems entry.
json::object member(std::string_view key, json::value value) {
  json::object o;
  o[key] = std::move(value);
  return o;
}

std::string requestToken() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token(32, '0');
  for (char& c : token) c = kHex[rng() % 16];
  return token;
}

// Keeps the last record of each key, in the order of those last occurrences: a batch with a
// repeated key means what applying it record by record means.
template <class T, class KeyOf>
std::vector<T> lastPerKey(std::span<const T> records, KeyOf keyOf) {
  std::unordered_map<decltype(keyOf(records[0])), std::size_t> last;
  for (std::size_t i = 0; i < records.size(); ++i) last[keyOf(records[i])] = i;
  std::vector<T> out;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (last[keyOf(records[i])] == i) out.push_back(records[i]);
  }
  return out;
}

}  // namespace

struct DynamoStore::Impl {
  explicit Impl(DynamoConfig config) : client(std::move(config)) {}

  Client client;
  WriteProgress progress;

  const std::string& table() const { return client.config().table; }
  int shards() const { return std::max(client.config().leaderboardShards, 1); }

  // Merges the shards of a user index, whose sort keys order users as the API does, and visits
  // the first `limit` users (all when nullopt). Each shard's query asks for at most `limit` items.
  void mergeUsers(std::string_view index, std::string_view sortAttr, std::optional<std::size_t> limit,
                  const std::function<void(core::User&&)>& visit) {
    if (limit && *limit == 0) return;
    std::vector<QueryCursor> cursors;
    for (int shard = 0; shard < shards(); ++shard) {
      json::object req = queryRequest(table(), index, attr::kUserShard, "U#" + std::to_string(shard), true);
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
      if (!best) return;
      visit(userFromItem(best->pop()));
    }
  }

  void transact(json::array actions) {
    json::object req;
    req["TransactItems"] = std::move(actions);
    // The same token on a retried request makes DynamoDB apply the transaction at most once.
    req["ClientRequestToken"] = requestToken();
    client.call("TransactWriteItems", req);
  }

  json::object counterUpdate(const std::string& tag, std::int64_t delta) {
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

  // Removes counters that reached zero, unless an article took the tag again meanwhile. Listing
  // never shows them either way (the index query asks for counts above zero): this only tidies.
  void dropEmptyCounters(const std::set<std::string>& tags) {
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

  // Writes up to kArticleChunk distinct articles and their counter changes in one transaction.
  // Each Put is conditioned on the tag read just before, so a concurrent change of the same
  // article makes the transaction fail as a whole; it is then read and computed again.
  void writeArticleChunk(std::span<const core::Article> chunk) {
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
};

DynamoStore::DynamoStore(DynamoConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {
  if (impl_->table().empty()) throw std::invalid_argument("DynamoDB store: no table name");
}

DynamoStore::~DynamoStore() = default;

void DynamoStore::setWriteProgress(WriteProgress progress) { impl_->progress = std::move(progress); }

void DynamoStore::ping() {
  json::object req;
  req["TableName"] = impl_->table();
  req["Key"] = {{std::string(attr::kPk), stringValue("PING")}, {std::string(attr::kSk), stringValue("PING")}};
  impl_->client.call("GetItem", req);
}

std::vector<core::User> DynamoStore::listUsers(std::optional<std::size_t> limit) {
  std::vector<core::User> out;
  impl_->mergeUsers(index::kRegistration, attr::kJoinKey, limit, [&](core::User&& u) { out.push_back(std::move(u)); });
  return out;
}

void DynamoStore::forEachUser(const std::function<void(const core::User&)>& visit) {
  impl_->mergeUsers(index::kRegistration, attr::kJoinKey, std::nullopt, [&](core::User&& u) { visit(u); });
}

std::optional<core::User> DynamoStore::findUser(std::string_view githubProfile) {
  if (unmatchableKey(githubProfile)) return std::nullopt;
  json::object req;
  req["TableName"] = impl_->table();
  req["Key"] = userKey(githubProfile);
  req["ConsistentRead"] = true;
  json::object reply = impl_->client.call("GetItem", req);
  auto* item = reply.if_contains("Item");
  if (!item || !item->is_object() || item->get_object().empty()) return std::nullopt;
  return userFromItem(item->get_object());
}

std::vector<core::User> DynamoStore::recentUsers(std::size_t limit) {
  std::vector<core::User> out;
  impl_->mergeUsers(index::kRecent, attr::kRecentKey, limit, [&](core::User&& u) { out.push_back(std::move(u)); });
  return out;
}

std::vector<core::User> DynamoStore::leaderboard(std::size_t limit) {
  std::vector<core::User> out;
  impl_->mergeUsers(index::kLeaderboard, attr::kScoreKey, limit,
                    [&](core::User&& u) { out.push_back(std::move(u)); });
  return out;
}

std::vector<core::Article> DynamoStore::listArticles(std::optional<std::string_view> tag,
                                                     std::optional<std::size_t> limit) {
  std::vector<core::Article> out;
  if (limit && *limit == 0) return out;
  json::object req;
  if (tag) {
    const std::string fold = core::asciiFold(*tag);
    if (unmatchableKey(fold)) return out;
    req = queryRequest(impl_->table(), index::kArticlesByTag, attr::kTagFold, fold, true);
  } else {
    req = queryRequest(impl_->table(), "", attr::kPk, kArticlePartition, true);
    req["ConsistentRead"] = true;
  }
  if (limit) req["Limit"] = *limit;
  QueryCursor cursor(impl_->client, std::move(req));
  while ((!limit || out.size() < *limit) && cursor.peek()) out.push_back(articleFromItem(cursor.pop()));
  return out;
}

void DynamoStore::forEachArticle(const std::function<void(const core::Article&)>& visit) {
  json::object req = queryRequest(impl_->table(), "", attr::kPk, kArticlePartition, true);
  req["ConsistentRead"] = true;
  QueryCursor cursor(impl_->client, std::move(req));
  while (cursor.peek()) visit(articleFromItem(cursor.pop()));
}

std::vector<core::TagCount> DynamoStore::tagCounts(std::optional<std::size_t> limit) {
  std::vector<core::TagCount> out;
  if (limit && *limit == 0) return out;
  json::object req = queryRequest(impl_->table(), index::kTagCounts, attr::kCountPart, kTagCountPartition, false);
  req["KeyConditionExpression"] = "#p = :p AND #c > :zero";
  req["ExpressionAttributeNames"].as_object()["#c"] = attr::kCount;
  req["ExpressionAttributeValues"].as_object()[":zero"] = numberValue(0);
  if (limit) req["Limit"] = *limit + 1;
  // The index orders by count only; equal counts come in no particular order. Items arrive with
  // counts never increasing, so reading on while the count equals the limit-th one collects every
  // tag that could rank inside the limit; sorting with the tag tie-break then cuts exactly.
  QueryCursor cursor(impl_->client, std::move(req));
  while (const json::object* item = cursor.peek()) {
    const std::int64_t count = itemNumber(*item, attr::kCount);
    if (limit && out.size() >= *limit && count < out[*limit - 1].count) break;
    out.push_back({itemString(*item, "tag"), count});
    cursor.pop();
  }
  std::sort(out.begin(), out.end(), core::tagCountBefore);
  if (limit && out.size() > *limit) out.resize(*limit);
  return out;
}

void DynamoStore::upsertUsers(std::span<const core::User> users) {
  const std::vector<core::User> distinct =
      lastPerKey(users, [](const core::User& u) { return core::asciiFold(u.githubProfile); });
  const int shards = impl_->shards();
  // The key is the folded githubProfile, so a Put can only ever replace the same person: that is
  // what keeps githubProfile unique whatever the case it is written in.
  std::vector<json::object> items;
  std::size_t bytes = 0;
  for (const auto& u : distinct) {
    items.push_back(userItem(u, shards));
    bytes += json::serialize(items.back()).size();
  }
  if (items.empty()) return;
  if (items.size() <= kTransactMax && bytes <= kTransactMaxBytes) {
    json::array actions;
    for (auto& item : items) {
      json::object put;
      put["TableName"] = impl_->table();
      put["Item"] = std::move(item);
      actions.push_back(member("Put", std::move(put)));
    }
    impl_->transact(std::move(actions));
    if (impl_->progress) impl_->progress(items.size(), items.size());
    return;
  }
  // An import: each record is a whole-item Put, so chunks can be sent (and re-sent) in any order.
  for (std::size_t start = 0; start < items.size(); start += kBatchWriteMax) {
    json::array requests;
    const std::size_t end = std::min(items.size(), start + kBatchWriteMax);
    for (std::size_t i = start; i < end; ++i) {
      requests.push_back(member("PutRequest", json::object{{"Item", std::move(items[i])}}));
    }
    impl_->client.batchWrite(std::move(requests));
    if (impl_->progress) impl_->progress(end, items.size());
  }
}

void DynamoStore::upsertArticles(std::span<const core::Article> articles) {
  const std::vector<core::Article> distinct = lastPerKey(articles, [](const core::Article& a) { return a.id; });
  for (std::size_t start = 0; start < distinct.size(); start += kArticleChunk) {
    const std::size_t end = std::min(distinct.size(), start + kArticleChunk);
    impl_->writeArticleChunk(std::span(distinct).subspan(start, end - start));
    if (impl_->progress) impl_->progress(end, distinct.size());
  }
}

bool DynamoStore::deleteUser(std::string_view githubProfile) {
  if (unmatchableKey(githubProfile)) return false;
  json::object req;
  req["TableName"] = impl_->table();
  req["Key"] = userKey(githubProfile);
  req["ReturnValues"] = "ALL_OLD";
  json::object reply = impl_->client.call("DeleteItem", req);
  auto* old = reply.if_contains("Attributes");
  return old && old->is_object() && !old->get_object().empty();
}

bool DynamoStore::deleteArticle(std::int64_t id) {
  for (int attempt = 1;; ++attempt) {
    json::object get;
    get["TableName"] = impl_->table();
    get["Key"] = articleKey(id);
    get["ConsistentRead"] = true;
    json::object reply = impl_->client.call("GetItem", get);
    auto* item = reply.if_contains("Item");
    if (!item || !item->is_object() || item->get_object().empty()) return false;
    const std::string tag = itemString(item->get_object(), "tags");

    json::object del;
    del["TableName"] = impl_->table();
    del["Key"] = articleKey(id);
    del["ConditionExpression"] = "#tags = :old";
    del["ExpressionAttributeNames"] = {{"#tags", "tags"}};
    del["ExpressionAttributeValues"] = {{":old", stringValue(tag)}};
    json::array actions;
    actions.push_back(member("Delete", std::move(del)));
    actions.push_back(member("Update", impl_->counterUpdate(tag, -1)));
    try {
      impl_->transact(std::move(actions));
      impl_->dropEmptyCounters({tag});
      return true;
    } catch (const StoreError& e) {
      // Changed or deleted by someone else since the read: read again.
      if (e.kind() != StoreError::Kind::Conflict || attempt >= impl_->client.config().maxAttempts) throw;
    }
    impl_->client.backoff(attempt, "article delete kept racing other writers");
  }
}

}  // namespace hdoc::store
