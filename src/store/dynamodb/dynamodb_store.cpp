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

std::vector<core::User> DynamoStore::listUsers(std::optional<std::size_t> limit) {
  std::vector<core::User> out;
  impl_->mergeUsers(index::kRegistration, attr::kJoinKey, limit,
                    [&](core::User&& u) { out.push_back(std::move(u)); });
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
  impl_->mergeUsers(index::kRecent, attr::kRecentKey, limit,
                    [&](core::User&& u) { out.push_back(std::move(u)); });
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
  json::object req =
      queryRequest(impl_->table(), index::kTagCounts, attr::kCountPart, kTagCountPartition, false);
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
  // Chunks of at most 100 actions and 3.5 MB, each one transaction (journey_repo_claims.cpp): a normal
  // write is one chunk and atomic; an import is many, each idempotent, so re-running it gives the same
  // table.
  impl_->writeUsers(distinct);
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
