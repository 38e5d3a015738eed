// DynamoStore: profiles and entries of the write API. A user's entries live in the user's partition,
// so one consistent Query reads the user item and all its entries; every change of entries is one
// transaction with the score update of the user item, checked against the version read
// (docs/dynamodb.md, "Profiles and entries").
#include <algorithm>

#include "core/scoring.hpp"
#include "core/text.hpp"
#include "store/dynamodb/github_items.hpp"
#include "store/dynamodb/store_impl.hpp"

namespace hdoc::store {
namespace json = boost::json;
using namespace dynamodb;

namespace {

json::object conditionExists(json::object action) {
  action["ConditionExpression"] = "attribute_exists(#pk)";
  action["ExpressionAttributeNames"] = {{"#pk", attr::kPk}};
  return action;
}

json::object conditionAbsent(json::object action) {
  action["ConditionExpression"] = "attribute_not_exists(#pk)";
  action["ExpressionAttributeNames"] = {{"#pk", attr::kPk}};
  return action;
}

bool conditionFailedAt(const ErrorReply& e, std::size_t i) {
  return i < e.cancellationCodes.size() && e.cancellationCodes[i] == "ConditionalCheckFailed";
}

}  // namespace

std::optional<core::User> DynamoStore::findUserByOwner(std::string_view ownerSub) {
  if (unmatchableKey(ownerSub)) return std::nullopt;
  json::object req;
  req["TableName"] = impl_->table();
  req["Key"] = ownerKey(ownerSub);
  req["ConsistentRead"] = true;
  json::object reply = impl_->client.call("GetItem", req);
  auto* claim = reply.if_contains("Item");
  if (!claim || !claim->is_object() || claim->get_object().empty()) return std::nullopt;
  auto user = findUser(itemString(claim->get_object(), kOwnerUser));
  // The claim and the profile are written and deleted together; the check only guards against an
  // import that replaced the owner of the profile.
  if (!user || user->owner != ownerSub) return std::nullopt;
  return user;
}

void DynamoStore::createUser(const core::User& user) {
  // The profile and the owner's claim go in together, each only if absent: one profile per
  // githubProfile (the key is its fold) and one per owner, whatever the concurrency.
  json::object item = userItem(user, impl_->shards());
  item[kGeneration] = stringValue(newGeneration());
  item[kVersion] = numberValue(0);
  json::array actions;
  actions.push_back(
      member("Put", conditionAbsent({{"TableName", impl_->table()}, {"Item", std::move(item)}})));
  if (!user.owner.empty()) {
    json::object claim = ownerKey(user.owner);
    claim[kOwnerUser] = stringValue(core::asciiFold(user.githubProfile));
    actions.push_back(
        member("Put", conditionAbsent({{"TableName", impl_->table()}, {"Item", std::move(claim)}})));
  }
  // The repository's claim too: one repository links at most one journeyer (journey_repo_claims.cpp).
  const std::size_t repoClaimAt = actions.size();
  if (user.githubJourneyRepo) {
    actions.push_back(member(
        "Put", conditionAbsent({{"TableName", impl_->table()}, {"Item", journeyRepoClaimItem(user)}})));
  }
  const auto refused = impl_->tryTransact(std::move(actions));
  if (!refused) return;
  // The same messages as SQLite, in the same order of checks (they reach the client in the 409).
  if (conditionFailedAt(*refused, 0)) {
    throw StoreError(StoreError::Kind::Conflict, "githubProfile '" + user.githubProfile + "' is taken");
  }
  if (!user.owner.empty() && conditionFailedAt(*refused, 1)) {
    const auto existing = findUserByOwner(user.owner);
    throw StoreError(StoreError::Kind::Conflict, "this account already has a profile ('" +
                                                     (existing ? existing->githubProfile : "") + "')");
  }
  if (user.githubJourneyRepo && conditionFailedAt(*refused, repoClaimAt)) {
    throw StoreError(StoreError::Kind::Conflict,
                     "githubJourneyRepo '" + *user.githubJourneyRepo + "' is linked by another journeyer");
  }
  impl_->client.raise("TransactWriteItems", *refused);
}

bool DynamoStore::updateProfile(const core::User& user) {
  if (unmatchableKey(user.githubProfile)) return false;
  json::object req;
  req["TableName"] = impl_->table();
  req["Key"] = userKey(user.githubProfile);
  // Scores, streaks, dates, id and owner are not touched. One item, so one UpdateItem is atomic, unless
  // the githubJourneyRepo link changes: its claims then move in the same transaction (writeProfileUpdate).
  std::string expression =
      "SET #name = :name, twitterProfile = :tw, linkedinProfile = :li, avatarImage = :av, #status = :st";
  json::object names{
      {"#pk", attr::kPk}, {"#name", "name"}, {"#status", "status"}, {"#bio", "bio"}, {"#jr", kJourneyRepo}};
  json::object values{{":name", stringValue(user.name)},
                      {":tw", stringValue(user.twitterProfile)},
                      {":li", stringValue(user.linkedinProfile)},
                      {":av", stringValue(user.avatarImage)},
                      {":st", json::object{{"BOOL", user.status}}}};
  std::string remove;
  if (user.bio) {
    expression += ", #bio = :bio";
    values[":bio"] = stringValue(*user.bio);
  } else {
    remove = "#bio";
  }
  if (user.githubJourneyRepo) {
    expression += ", #jr = :jr";
    values[":jr"] = stringValue(*user.githubJourneyRepo);
  } else {
    remove += remove.empty() ? "#jr" : ", #jr";
  }
  if (!remove.empty()) expression += " REMOVE " + remove;
  req["UpdateExpression"] = std::move(expression);
  req["ConditionExpression"] = "attribute_exists(#pk)";
  req["ExpressionAttributeNames"] = std::move(names);
  req["ExpressionAttributeValues"] = std::move(values);
  return impl_->writeProfileUpdate(user, req);
}

std::vector<core::Entry> DynamoStore::listEntries(std::string_view githubProfile) {
  return impl_->readUserCollection(githubProfile).entries;
}

Store::EntryWrite DynamoStore::putEntry(const core::Entry& entry) {
  return impl_->optimistic("entry write", [&]() -> EntryWrite {
    UserCollection collection = impl_->readUserCollection(entry.githubProfile);
    if (!collection.user) return {EntryOutcome::NoSuchUser, std::nullopt};
    for (const auto& existing : collection.entries) {
      if (existing.day != entry.day || existing.platform != entry.platform) continue;
      const bool same = existing.url == entry.url && existing.date == entry.date;
      return {same ? EntryOutcome::Identical : EntryOutcome::Conflict, existing};
    }
    core::Entry stored = entry;
    stored.githubProfile = itemString(*collection.user, "githubProfile");
    std::vector<core::Entry> after = collection.entries;
    after.push_back(stored);
    json::array actions;
    actions.push_back(member("Put", conditionAbsent({{"TableName", impl_->table()},
                                                     {"Item", entryItem(stored, collection.generation)}})));
    actions.push_back(member("Update", impl_->scoresUpdate(collection, after)));
    impl_->transact(std::move(actions));  // a lost race is a Conflict: read and compute again
    return {EntryOutcome::Created, std::move(stored)};
  });
}

std::optional<core::Entry> DynamoStore::setEntryVerified(std::string_view githubProfile,
                                                         core::Platform platform, int day, bool verified) {
  return impl_->optimistic("entry verification", [&]() -> std::optional<core::Entry> {
    UserCollection collection = impl_->readUserCollection(githubProfile);
    if (!collection.user) return std::nullopt;
    auto it = std::find_if(collection.entries.begin(), collection.entries.end(),
                           [&](const core::Entry& e) { return e.day == day && e.platform == platform; });
    if (it == collection.entries.end()) return std::nullopt;
    it->verified = verified;
    const core::Entry changed = *it;
    json::object update;
    update["TableName"] = impl_->table();
    update["Key"] = entryKey(changed.githubProfile, collection.generation, day, platform);
    update["UpdateExpression"] = "SET verified = :v";
    update["ExpressionAttributeValues"] = {{":v", json::object{{"BOOL", verified}}}};
    json::array actions;
    actions.push_back(member("Update", conditionExists(std::move(update))));
    actions.push_back(member("Update", impl_->scoresUpdate(collection, collection.entries)));
    impl_->transact(std::move(actions));
    return changed;
  });
}

// The profile, its owner's claim and the first entries go in one transaction conditioned on the
// version read (so the entries read are all there are); further entries follow in transactions of
// up to 100. Entries are only ever read through the live user item's generation, so entries left by
// a crash between those transactions are unreachable (docs/dynamodb.md); the next deletion of that
// githubProfile sweeps them, as it deletes entries of every generation it finds.
bool DynamoStore::deleteUser(std::string_view githubProfile) {
  if (unmatchableKey(githubProfile)) return false;
  std::vector<json::object> rest;
  const bool deleted = impl_->optimistic("profile deletion", [&]() -> bool {
    UserCollection collection = impl_->readUserCollection(githubProfile);
    if (!collection.user) return false;
    const core::User user = userFromItem(*collection.user);
    json::object del;
    del["TableName"] = impl_->table();
    del["Key"] = userKey(user.githubProfile);
    // Nothing changed since the read: the entries read are all the entries there are.
    Condition unchanged = unchangedSince(collection);
    // And the repository link read, whose claim goes with it (a link change bumps no version).
    unchanged.names["#jr"] = kJourneyRepo;
    if (user.githubJourneyRepo) {
      unchanged.expression += " AND #jr = :jr";
      unchanged.values[":jr"] = stringValue(*user.githubJourneyRepo);
    } else {
      unchanged.expression += " AND attribute_not_exists(#jr)";
    }
    del["ConditionExpression"] = std::move(unchanged.expression);
    del["ExpressionAttributeNames"] = std::move(unchanged.names);
    if (!unchanged.values.empty()) del["ExpressionAttributeValues"] = std::move(unchanged.values);
    json::array actions;
    actions.push_back(member("Delete", std::move(del)));
    if (!user.owner.empty()) {
      actions.push_back(
          member("Delete", json::object{{"TableName", impl_->table()}, {"Key", ownerKey(user.owner)}}));
    }
    if (user.githubJourneyRepo) {  // the user item links it, so the claim is theirs
      actions.push_back(
          member("Delete", json::object{{"TableName", impl_->table()},
                                        {"Key", journeyRepoClaimKey(*user.githubJourneyRepo)}}));
    }
    rest.clear();
    for (auto& key : collection.entryKeys) {
      json::object d{{"TableName", impl_->table()}, {"Key", std::move(key)}};
      if (actions.size() < kTransactMax) {
        actions.push_back(member("Delete", std::move(d)));
      } else {
        rest.push_back(std::move(d));
      }
    }
    impl_->transact(std::move(actions));
    return true;
  });
  for (std::size_t start = 0; start < rest.size(); start += kTransactMax) {
    json::array actions;
    for (std::size_t i = start; i < std::min(rest.size(), start + kTransactMax); ++i) {
      actions.push_back(member("Delete", std::move(rest[i])));
    }
    impl_->transact(std::move(actions));
  }
  return deleted;
}

}  // namespace hdoc::store
