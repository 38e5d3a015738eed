// DynamoStore: what a complete export needs beyond the imports of dynamodb_store.cpp: entries stored
// exactly as exported (restoreEntries) and the owner claims of imported profiles (writeOwnerClaims),
// without which an imported journeyer could not edit their own profile (findUserByOwner reads the claim).
#include <algorithm>
#include <map>

#include "core/text.hpp"
#include "store/dynamodb/store_impl.hpp"

namespace hdoc::store {
namespace json = boost::json;
using namespace dynamodb;

namespace {

constexpr std::size_t kEntriesPerTransaction = kTransactMax - 1;  // and one action on the user item

bool samePlace(const core::Entry& a, const core::Entry& b) {
  return a.day == b.day && a.platform == b.platform;
}

}  // namespace

void DynamoStore::restoreEntries(std::span<const core::Entry> entries, Figures figures) {
  // By journeyer, in the order they first appear; within one, the last entry of a (day, platform) wins.
  std::vector<std::vector<core::Entry>> groups;
  std::map<std::string, std::size_t> groupOf;
  for (const auto& e : entries) {
    const auto [it, added] = groupOf.emplace(core::asciiFold(e.githubProfile), groups.size());
    if (added) groups.emplace_back();
    auto& group = groups[it->second];
    auto same =
        std::find_if(group.begin(), group.end(), [&](const core::Entry& g) { return samePlace(g, e); });
    if (same != group.end()) {
      *same = e;
    } else {
      group.push_back(e);
    }
  }
  for (auto& group : groups) {
    impl_->optimistic("entry restore", [&] {
      const UserCollection collection = impl_->readUserCollection(group.front().githubProfile);
      if (!collection.user) {
        throw StoreError(StoreError::Kind::Invalid,
                         "entry of '" + group.front().githubProfile + "', who has no profile");
      }
      const std::string profile = itemString(*collection.user, "githubProfile");
      std::vector<core::Entry> after = collection.entries;
      for (auto& e : group) {
        e.githubProfile = profile;
        auto same =
            std::find_if(after.begin(), after.end(), [&](const core::Entry& a) { return samePlace(a, e); });
        if (same != after.end()) {
          *same = e;
        } else {
          after.push_back(e);
        }
      }
      // The action on the user item goes with the last chunk, so a lost race (the profile changed since
      // the read) retries everything: the entry Puts are idempotent.
      json::object userAction;
      std::string userVerb = "Update";
      if (figures == Figures::Recompute) {
        userAction = impl_->scoresUpdate(collection, after);
      } else {
        Condition unchanged = unchangedSince(collection);
        userAction["TableName"] = impl_->table();
        userAction["Key"] = userKey(profile);
        userAction["ConditionExpression"] = std::move(unchanged.expression);
        userAction["ExpressionAttributeNames"] = std::move(unchanged.names);
        if (!unchanged.values.empty()) userAction["ExpressionAttributeValues"] = std::move(unchanged.values);
        userVerb = "ConditionCheck";
      }
      for (std::size_t start = 0; start < group.size(); start += kEntriesPerTransaction) {
        const std::size_t end = std::min(group.size(), start + kEntriesPerTransaction);
        json::array actions;
        for (std::size_t i = start; i < end; ++i) {
          actions.push_back(
              member("Put", json::object{{"TableName", impl_->table()},
                                         {"Item", entryItem(group[i], collection.generation)}}));
        }
        if (end == group.size()) actions.push_back(member(userVerb, userAction));
        impl_->transact(std::move(actions));
      }
      return true;
    });
  }
}

void DynamoStore::Impl::writeOwnerClaims(const std::vector<core::User>& users) {
  std::vector<const core::User*> owned;
  std::map<std::string, std::string> holder;  // owner -> folded profile, within this batch
  for (const auto& u : users) {
    if (u.owner.empty()) continue;
    const std::string fold = core::asciiFold(u.githubProfile);
    const auto [it, added] = holder.emplace(u.owner, fold);
    if (!added && it->second != fold) {
      throw StoreError(StoreError::Kind::Conflict, "two profiles of one batch have the same owner");
    }
    if (added) owned.push_back(&u);
  }
  for (std::size_t start = 0; start < owned.size(); start += kTransactMax) {
    const std::size_t end = std::min(owned.size(), start + kTransactMax);
    json::array actions;
    for (std::size_t i = start; i < end; ++i) {
      json::object claim = ownerKey(owned[i]->owner);
      claim[kOwnerUser] = stringValue(core::asciiFold(owned[i]->githubProfile));
      json::object put;
      put["TableName"] = table();
      put["Item"] = std::move(claim);
      // Only where there is none, or it is already this profile's (idempotent).
      put["ConditionExpression"] = "attribute_not_exists(#pk) OR #uf = :me";
      put["ExpressionAttributeNames"] = {{"#pk", attr::kPk}, {"#uf", kOwnerUser}};
      put["ExpressionAttributeValues"] = {{":me", stringValue(core::asciiFold(owned[i]->githubProfile))}};
      actions.push_back(member("Put", std::move(put)));
    }
    const auto refused = tryTransact(std::move(actions));
    if (!refused) continue;
    raiseUnlessConditional(client, *refused);
    for (std::size_t i = 0; i < refused->cancellationCodes.size(); ++i) {
      if (refused->cancellationCodes[i] == "ConditionalCheckFailed") {
        throw StoreError(StoreError::Kind::Conflict,
                         "the owner of '" + owned[start + i]->githubProfile + "' already has a profile");
      }
    }
    client.raise("TransactWriteItems", *refused);
  }
}

}  // namespace hdoc::store
