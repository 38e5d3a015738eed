// DynamoStore: articles of the write API. Every change moves the tag counters in the same transaction
// as the article, and is conditioned on what was read just before, so a lost race is read again.
#include "store/dynamodb/store_impl.hpp"

namespace hdoc::store {
namespace json = boost::json;
using namespace dynamodb;

std::optional<core::Article> DynamoStore::findArticle(std::int64_t id) {
  auto item = impl_->getArticleItem(id);
  if (!item) return std::nullopt;
  return articleFromItem(*item);
}

// The id is the greatest id stored + 1 (ids freed by deleting the greatest are taken again, as in
// SQLite): one consistent Query reads the greatest (articles are sorted by id in their partition),
// and the Put is conditioned on that id being free, so two creators never share an id: the loser's
// transaction is cancelled and it reads the greatest id again.
core::Article DynamoStore::createArticle(const core::Article& article) {
  return impl_->optimistic("article creation", [&] {
    json::object query = queryRequest(impl_->table(), "", attr::kPk, kArticlePartition, false);
    query["ConsistentRead"] = true;
    query["Limit"] = 1;
    json::object reply = impl_->client.call("Query", query);
    std::int64_t greatest = 0;
    if (auto* items = reply.if_contains("Items"); items && items->is_array() && !items->get_array().empty()) {
      greatest = itemNumber(items->get_array().front().as_object(), attr::kArticleId);
    }
    core::Article stored = article;
    stored.id = greatest + 1;
    json::object put{{"TableName", impl_->table()}, {"Item", articleItem(stored)}};
    put["ConditionExpression"] = "attribute_not_exists(#pk)";
    put["ExpressionAttributeNames"] = {{"#pk", attr::kPk}};
    json::array actions;
    actions.push_back(member("Put", std::move(put)));
    actions.push_back(member("Update", impl_->counterUpdate(stored.tags, 1)));
    impl_->transact(std::move(actions));
    return stored;
  });
}

bool DynamoStore::replaceArticle(const core::Article& article) {
  std::optional<std::string> emptied;
  const bool replaced = impl_->optimistic("article replacement", [&] {
    const auto current = impl_->getArticleItem(article.id);
    if (!current) return false;
    const std::string oldTag = itemString(*current, "tags");
    // Conditioned on the tag read: a concurrent change or deletion cancels the whole transaction.
    json::object put{{"TableName", impl_->table()}, {"Item", articleItem(article)}};
    put["ConditionExpression"] = "#tags = :old";
    put["ExpressionAttributeNames"] = {{"#tags", "tags"}};
    put["ExpressionAttributeValues"] = {{":old", stringValue(oldTag)}};
    json::array actions;
    actions.push_back(member("Put", std::move(put)));
    if (oldTag != article.tags) {
      actions.push_back(member("Update", impl_->counterUpdate(oldTag, -1)));
      actions.push_back(member("Update", impl_->counterUpdate(article.tags, 1)));
    }
    impl_->transact(std::move(actions));
    if (oldTag != article.tags) emptied = oldTag;
    return true;
  });
  if (emptied) impl_->dropEmptyCounters({*emptied});
  return replaced;
}

}  // namespace hdoc::store
