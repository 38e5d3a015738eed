// DynamoStore: the GitHub journey sync's reads and writes (docs/dynamodb.md, "GitHub journey sync").
// The repository is found through its claim (one consistent GetItem); a push is written like putEntry
// writes an entry: read the user's partition, compute, and commit the entries with the recomputed
// scores in one TransactWriteItems conditioned on what was read, here together with the delivery's
// record and the condition that the journeyer still links the repository.
#include <algorithm>
#include <set>

#include "core/github_repo.hpp"
#include "store/dynamodb/github_items.hpp"
#include "store/dynamodb/store_impl.hpp"

namespace hdoc::store {
namespace json = boost::json;
using namespace dynamodb;

namespace {

// A transaction holds 100 actions: the entries, the user's score update and the delivery's record.
constexpr std::size_t kEntriesPerTransaction = kTransactMax - 2;

json::object putIfAbsent(const std::string& table, json::object item) {
  json::object put;
  put["TableName"] = table;
  put["Item"] = std::move(item);
  put["ConditionExpression"] = "attribute_not_exists(#pk)";
  put["ExpressionAttributeNames"] = {{"#pk", attr::kPk}};
  return put;
}

// The journeyer still links the repository exactly as read (an unlink or relink in between cancels).
void conditionStillLinked(json::object& action, const std::string& linked) {
  action["ConditionExpression"] =
      "(" + std::string(action.at("ConditionExpression").as_string()) + ") AND #jr = :jr";
  action["ExpressionAttributeNames"].as_object()["#jr"] = kJourneyRepo;
  action["ExpressionAttributeValues"].as_object()[":jr"] = stringValue(linked);
}

bool byDay(const core::Entry& a, const core::Entry& b) {
  return a.day < b.day;
}

}  // namespace

std::optional<Store::JourneyLink> DynamoStore::findJourneyLink(std::string_view repoFullName) {
  if (unmatchableKey(repoFullName)) return std::nullopt;
  json::object req;
  req["TableName"] = impl_->table();
  req["Key"] = journeyRepoClaimKey(repoFullName);
  req["ConsistentRead"] = true;
  json::object reply = impl_->client.call("GetItem", req);
  const json::value* item = reply.if_contains("Item");
  if (!item || !item->is_object() || item->get_object().empty()) return std::nullopt;
  const json::object& claim = item->get_object();
  return JourneyLink{itemString(claim, "githubProfile"), itemString(claim, kJourneyRepo)};
}

Store::PushResult DynamoStore::recordGithubPush(const GithubPush& push) {
  std::set<int> addedEarlier;  // days stored by this call's earlier transactions (pushes of > 98 new days)
  for (int attempt = 1;;) {
    PushResult result;
    const UserCollection collection = impl_->readUserCollection(push.githubProfile);
    if (!collection.user) return {PushOutcome::NotLinked, {}, {}};
    const core::User user = userFromItem(*collection.user);
    if (!user.githubJourneyRepo ||
        core::journeyRepoKey(*user.githubJourneyRepo) != core::journeyRepoKey(push.githubJourneyRepo)) {
      return {PushOutcome::NotLinked, {}, {}};
    }
    json::object get;
    get["TableName"] = impl_->table();
    get["Key"] = deliveryKey(push.deliveryId);
    get["ConsistentRead"] = true;
    json::object seenReply = impl_->client.call("GetItem", get);
    const json::value* seenItem = seenReply.if_contains("Item");
    const bool seen = seenItem && seenItem->is_object() && !seenItem->get_object().empty();

    std::vector<core::Entry> toAdd;
    for (const auto& wanted : push.entries) {
      const auto existing = std::find_if(
          collection.entries.begin(), collection.entries.end(),
          [&](const auto& e) { return e.day == wanted.day && e.platform == core::Platform::github; });
      if (existing != collection.entries.end()) {
        (addedEarlier.contains(wanted.day) ? result.added : result.present).push_back(*existing);
      } else if (!seen) {
        core::Entry entry = wanted;
        entry.githubProfile = user.githubProfile;
        toAdd.push_back(std::move(entry));
      }
    }
    if (seen) {
      result.outcome = PushOutcome::Redelivered;
      return result;
    }
    const bool last = toAdd.size() <= kEntriesPerTransaction;
    if (!last) toAdd.resize(kEntriesPerTransaction);

    json::array actions;
    for (const auto& entry : toAdd) {
      actions.push_back(member("Put", putIfAbsent(impl_->table(), entryItem(entry, collection.generation))));
    }
    if (!toAdd.empty()) {
      std::vector<core::Entry> after = collection.entries;
      after.insert(after.end(), toAdd.begin(), toAdd.end());
      json::object update = impl_->scoresUpdate(collection, after);
      conditionStillLinked(update, *user.githubJourneyRepo);
      actions.push_back(member("Update", std::move(update)));
    } else {
      // Nothing to add: the delivery is still recorded, on the same conditions.
      Condition unchanged = unchangedSince(collection);
      json::object check;
      check["TableName"] = impl_->table();
      check["Key"] = userKey(user.githubProfile);
      check["ConditionExpression"] = std::move(unchanged.expression);
      check["ExpressionAttributeNames"] = std::move(unchanged.names);
      check["ExpressionAttributeValues"] = std::move(unchanged.values);
      conditionStillLinked(check, *user.githubJourneyRepo);
      actions.push_back(member("ConditionCheck", std::move(check)));
    }
    if (last) {
      actions.push_back(
          member("Put", putIfAbsent(impl_->table(), deliveryItem(push.deliveryId, push.githubJourneyRepo,
                                                                 user.githubProfile, push.receivedAt))));
    }
    const auto refused = impl_->tryTransact(std::move(actions));
    if (!refused) {
      result.added.insert(result.added.end(), toAdd.begin(), toAdd.end());
      if (last) {
        std::sort(result.added.begin(), result.added.end(), byDay);
        std::sort(result.present.begin(), result.present.end(), byDay);
        return result;
      }
      // The first 98 new days are stored with their scores; the rest follow on a fresh read.
      for (const auto& entry : toAdd) addedEarlier.insert(entry.day);
      continue;
    }
    // Another writer changed the journeyer, their link or recorded this delivery since the read.
    raiseUnlessConditional(impl_->client, *refused);
    impl_->client.backoff(attempt++, "GitHub push kept racing other writers");
  }
}

}  // namespace hdoc::store
