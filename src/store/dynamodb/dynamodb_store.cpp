#include "store/dynamodb/dynamodb_store.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <unordered_map>

#include "core/ordering.hpp"
#include "core/text.hpp"
#include "store/dynamodb/store_impl.hpp"

namespace hdoc::store {
namespace json = boost::json;
using namespace dynamodb;

namespace {

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

DynamoStore::DynamoStore(DynamoConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {
  if (impl_->table().empty()) throw std::invalid_argument("DynamoDB store: no table name");
}

DynamoStore::~DynamoStore() = default;

void DynamoStore::setWriteProgress(WriteProgress progress) {
  impl_->progress = std::move(progress);
}

void DynamoStore::ping() {
  json::object req;
  req["TableName"] = impl_->table();
  req["Key"] = {{std::string(attr::kPk), stringValue("PING")}, {std::string(attr::kSk), stringValue("PING")}};
  impl_->client.call("GetItem", req);
}

void DynamoStore::scanUsers(UserOrder order, const std::optional<UserPosition>& after,
                            std::optional<std::size_t> maxItems, const Visitor<core::User>& visit) {
  // A position no stored key can follow (the API refuses such cursors before they get here).
  if (after && unmatchableKey(after->githubProfile)) return;
  std::string_view index = index::kRegistration, sortAttr = attr::kJoinKey;
  std::optional<std::string> afterKey;
  switch (order) {
    case UserOrder::Registration:
      if (after) afterKey = joinSortKey(after->rank, after->githubProfile);
      break;
    case UserOrder::Recent:
      index = index::kRecent, sortAttr = attr::kRecentKey;
      if (after) afterKey = recentSortKey(after->rank, after->githubProfile);
      break;
    case UserOrder::Leaderboard:
      index = index::kLeaderboard, sortAttr = attr::kScoreKey;
      if (after) afterKey = scoreSortKey(after->rank, after->githubProfile);
      break;
  }
  impl_->mergeUsers(index, sortAttr, afterKey, maxItems, visit);
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

void DynamoStore::scanArticles(std::optional<std::string_view> tag, std::optional<std::int64_t> afterId,
                               std::optional<std::size_t> maxItems, const Visitor<core::Article>& visit) {
  if (maxItems && *maxItems == 0) return;
  json::object req;
  if (tag) {
    const std::string fold = core::asciiFold(*tag);
    if (unmatchableKey(fold)) return;
    req = queryRequest(impl_->table(), index::kArticlesByTag, attr::kTagFold, fold, true);
    if (afterId) startAfter(req, attr::kArticleId, numberValue(*afterId));
  } else {
    req = queryRequest(impl_->table(), "", attr::kPk, kArticlePartition, true);
    req["ConsistentRead"] = true;
    if (afterId && *afterId >= 0) startAfter(req, attr::kSk, stringValue(articleSort(*afterId)));
  }
  if (maxItems) req["Limit"] = *maxItems;
  QueryCursor cursor(impl_->client, std::move(req));
  for (std::size_t n = 0; (!maxItems || n < *maxItems) && cursor.peek(); ++n) {
    if (!visit(articleFromItem(cursor.pop()))) return;
  }
}

// The tagCounts index orders by count only: equal counts come in no particular order. So counts are
// read in tie groups (every counter of one count, which arrive together because counts never
// increase along the index) and each group is sorted by tag before it is visited; a group that
// straddles the page's end is read whole. A page therefore reads its own items plus the rest of the
// tie groups at its two ends, never the whole index (docs/dynamodb.md).
void DynamoStore::scanTagCounts(const std::optional<TagPosition>& after, std::optional<std::size_t> maxItems,
                                const Visitor<core::TagCount>& visit) {
  if (maxItems && *maxItems == 0) return;
  if (after && after->count <= 0) return;  // no listed counter is at or below zero
  json::object req =
      queryRequest(impl_->table(), index::kTagCounts, attr::kCountPart, kTagCountPartition, false);
  auto& names = req["ExpressionAttributeNames"].as_object();
  auto& values = req["ExpressionAttributeValues"].as_object();
  names["#c"] = attr::kCount;
  if (after) {
    req["KeyConditionExpression"] = "#p = :p AND #c BETWEEN :one AND :last";
    values[":one"] = numberValue(1);
    values[":last"] = numberValue(after->count);
  } else {
    req["KeyConditionExpression"] = "#p = :p AND #c > :zero";
    values[":zero"] = numberValue(0);
  }
  if (maxItems) req["Limit"] = std::max<std::size_t>(*maxItems + 1, 100);
  QueryCursor cursor(impl_->client, std::move(req));
  std::size_t visited = 0;
  std::vector<core::TagCount> group;
  // Visits a finished tie group in tag order; false once the page is done.
  auto flush = [&] {
    std::sort(group.begin(), group.end(), core::tagCountBefore);
    for (auto& t : group) {
      if (after && t.count == after->count && t.tag <= after->tag) continue;
      if (maxItems && visited == *maxItems) return false;
      ++visited;
      if (!visit(std::move(t))) return false;
    }
    group.clear();
    return true;
  };
  while (const json::object* item = cursor.peek()) {
    const std::int64_t count = itemNumber(*item, attr::kCount);
    if (!group.empty() && count != group.front().count && !flush()) return;
    group.push_back({itemString(*item, "tag"), count});
    cursor.pop();
  }
  flush();
}

void DynamoStore::upsertUsers(std::span<const core::User> users) {
  const std::vector<core::User> distinct =
      lastPerKey(users, [](const core::User& u) { return core::asciiFold(u.githubProfile); });
  // Chunks of at most 100 actions and 3.5 MB, each one transaction (journey_repo_claims.cpp): a normal
  // write is one chunk and atomic; an import is many, each idempotent, so re-running it gives the same
  // table.
  impl_->writeUsers(distinct);
  // A record with an owner (a complete export's) gets its owner's claim too, as createUser writes it.
  impl_->writeOwnerClaims(distinct);
}

void DynamoStore::upsertArticles(std::span<const core::Article> articles) {
  const std::vector<core::Article> distinct =
      lastPerKey(articles, [](const core::Article& a) { return a.id; });
  for (std::size_t start = 0; start < distinct.size(); start += kArticleChunk) {
    const std::size_t end = std::min(distinct.size(), start + kArticleChunk);
    impl_->writeArticleChunk(std::span(distinct).subspan(start, end - start));
    if (impl_->progress) impl_->progress(end, distinct.size());
  }
}

bool DynamoStore::deleteArticle(std::int64_t id) {
  for (int attempt = 1;; ++attempt) {
    const auto item = impl_->getArticleItem(id);
    if (!item) return false;
    const std::string tag = itemString(*item, "tags");

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
