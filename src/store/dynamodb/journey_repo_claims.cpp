// DynamoStore: the claims that keep githubJourneyRepo unique (docs/dynamodb.md, "GitHub journey sync").
// A repository's claim item (github_items.hpp) is written and deleted in the same transaction as the
// user item that links the repository, each action conditioned so that a claim only ever changes hands
// through its holder: a Put only where there is no claim or the claim is the writer's own, a Delete
// only of the writer's own claim, and the user item's write only if its githubJourneyRepo is still the
// one the claim changes were computed from.
#include <map>
#include <set>

#include "core/github_repo.hpp"
#include "core/text.hpp"
#include "store/dynamodb/github_items.hpp"
#include "store/dynamodb/store_impl.hpp"

namespace hdoc::store {
namespace json = boost::json;
using namespace dynamodb;

namespace {

std::string repoKeyOf(const std::optional<std::string>& repo) {
  return repo ? core::journeyRepoKey(*repo) : std::string();
}

void addCondition(json::object& action, const std::string& clause) {
  const json::value* existing = action.if_contains("ConditionExpression");
  action["ConditionExpression"] =
      existing ? "(" + std::string(existing->as_string()) + ") AND " + clause : clause;
}

json::object& names(json::object& action) {
  if (!action.contains("ExpressionAttributeNames")) action["ExpressionAttributeNames"] = json::object();
  return action["ExpressionAttributeNames"].as_object();
}

json::object& values(json::object& action) {
  if (!action.contains("ExpressionAttributeValues")) action["ExpressionAttributeValues"] = json::object();
  return action["ExpressionAttributeValues"].as_object();
}

// The user item's githubJourneyRepo must be exactly `expected` (absent when nullopt); with `orAbsent`,
// an item without one (or no item yet) passes too.
void conditionRepo(json::object& update, const std::optional<std::string>& expected, bool orAbsent) {
  names(update)["#jr"] = kJourneyRepo;
  if (!expected) {
    addCondition(update, "attribute_not_exists(#jr)");
    return;
  }
  values(update)[":jrWas"] = stringValue(*expected);
  addCondition(update, orAbsent ? "(attribute_not_exists(#jr) OR #jr = :jrWas)" : "#jr = :jrWas");
}

// The claim of the user's repository: only where there is none or it is already theirs (idempotent).
json::object claimPut(const std::string& table, const core::User& u) {
  json::object put;
  put["TableName"] = table;
  put["Item"] = journeyRepoClaimItem(u);
  put["ConditionExpression"] = "attribute_not_exists(#pk) OR #uf = :me";
  put["ExpressionAttributeNames"] = {{"#pk", attr::kPk}, {"#uf", kOwnerUser}};
  put["ExpressionAttributeValues"] = {{":me", stringValue(core::asciiFold(u.githubProfile))}};
  return put;
}

// The claim the user held on `repo`, deleted only if it is theirs.
json::object claimDelete(const std::string& table, const core::User& u, const std::string& repo) {
  json::object del;
  del["TableName"] = table;
  del["Key"] = journeyRepoClaimKey(repo);
  del["ConditionExpression"] = "attribute_not_exists(#pk) OR #uf = :me";
  del["ExpressionAttributeNames"] = {{"#pk", attr::kPk}, {"#uf", kOwnerUser}};
  del["ExpressionAttributeValues"] = {{":me", stringValue(core::asciiFold(u.githubProfile))}};
  return del;
}

// One user's actions in a transaction: the user item's write, then the claim changes.
struct UserActions {
  const core::User* user;
  json::array actions;
  std::optional<std::size_t> claimPutAt;  // index in `actions` of the claim Put
  std::set<std::string> claimKeys;        // the claims it touches
  std::size_t bytes = 0;
};

bool failedAt(const ErrorReply& e, std::size_t i) {
  return i < e.cancellationCodes.size() && e.cancellationCodes[i] == "ConditionalCheckFailed";
}

// Transactions of whole users' actions, at most kTransactMax actions and kTransactMaxBytes each, and
// no claim twice in one (DynamoDB refuses two actions on one item; and a repository moving from one
// journeyer of a batch to another then moves in the batch's order, as in SQLite).
std::vector<std::vector<UserActions*>> pack(std::vector<UserActions>& users) {
  std::vector<std::vector<UserActions*>> out;
  std::size_t count = 0, bytes = 0;
  std::set<std::string> keys;
  for (auto& u : users) {
    bool repeat = false;
    for (const auto& k : u.claimKeys) repeat = repeat || keys.contains(k);
    if (out.empty() || count + u.actions.size() > kTransactMax || bytes + u.bytes > kTransactMaxBytes ||
        repeat) {
      out.emplace_back();
      count = bytes = 0;
      keys.clear();
    }
    out.back().push_back(&u);
    count += u.actions.size();
    bytes += u.bytes;
    keys.insert(u.claimKeys.begin(), u.claimKeys.end());
  }
  return out;
}

}  // namespace

void dynamodb::raiseUnlessConditional(Client& client, const ErrorReply& refused) {
  for (const auto& code : refused.cancellationCodes) {
    if (code != "None" && code != "ConditionalCheckFailed") client.raise("TransactWriteItems", refused);
  }
}

void DynamoStore::Impl::throwIfClaimedByAnother(const core::User& user) {
  if (!user.githubJourneyRepo) return;
  json::object get;
  get["TableName"] = table();
  get["Key"] = journeyRepoClaimKey(*user.githubJourneyRepo);
  get["ConsistentRead"] = true;
  json::object reply = client.call("GetItem", get);
  const json::value* item = reply.if_contains("Item");
  if (!item || !item->is_object() || item->get_object().empty()) return;
  if (itemString(item->get_object(), kOwnerUser) != core::asciiFold(user.githubProfile)) {
    throw StoreError(StoreError::Kind::Conflict,
                     "githubJourneyRepo '" + *user.githubJourneyRepo + "' is linked by another journeyer");
  }
}

void DynamoStore::Impl::writeUsers(const std::vector<core::User>& users) {
  // First as if no journeyer's repository changed (every plain import): each user item is written on
  // the condition that it links no repository or the one of the record, and the record's claim is put
  // (idempotent when it is theirs already). That needs no read. A chunk where the condition fails for
  // someone is written again knowing what each item links (`known` below).
  std::size_t written = 0;
  auto writeKnown = [&](std::span<const core::User> chunk) {
    for (int attempt = 1;; ++attempt) {
      json::array keys;
      for (const auto& u : chunk) keys.push_back(userKey(u.githubProfile));
      std::map<std::string, std::optional<std::string>> linked;  // folded profile -> githubJourneyRepo
      for (const auto& item : client.batchGet(std::move(keys), true)) {
        const core::User stored = userFromItem(item);
        linked[core::asciiFold(stored.githubProfile)] = stored.githubJourneyRepo;
      }
      std::vector<UserActions> prepared;
      for (const auto& u : chunk) {
        const auto it = linked.find(core::asciiFold(u.githubProfile));
        const std::optional<std::string> was = it == linked.end() ? std::nullopt : it->second;
        UserActions a{&u, {}, std::nullopt, {}, 0};
        json::object update = userUpdate(u);
        conditionRepo(update, was, false);
        a.bytes += json::serialize(update).size();
        a.actions.push_back(member("Update", std::move(update)));
        if (was && repoKeyOf(was) != repoKeyOf(u.githubJourneyRepo)) {
          a.actions.push_back(member("Delete", claimDelete(table(), u, *was)));
          a.claimKeys.insert(repoKeyOf(was));
        }
        if (u.githubJourneyRepo) {
          a.claimPutAt = a.actions.size();
          a.actions.push_back(member("Put", claimPut(table(), u)));
          a.claimKeys.insert(repoKeyOf(u.githubJourneyRepo));
        }
        prepared.push_back(std::move(a));
      }
      bool raced = false;
      for (auto& group : pack(prepared)) {
        json::array actions;
        std::vector<std::pair<std::size_t, const core::User*>> claimPuts;  // transaction index -> whose
        for (auto* a : group) {
          if (a->claimPutAt) claimPuts.emplace_back(actions.size() + *a->claimPutAt, a->user);
          for (auto& action : a->actions) actions.push_back(std::move(action));
        }
        const auto refused = tryTransact(std::move(actions));
        if (!refused) continue;
        raiseUnlessConditional(client, *refused);
        for (const auto& [index, user] : claimPuts) {
          if (failedAt(*refused, index)) throwIfClaimedByAnother(*user);
        }
        raced = true;  // someone changed an item or claim since the read: read again
        break;
      }
      if (!raced) return;
      client.backoff(attempt, "user write kept racing other writers");
    }
  };

  std::size_t start = 0;
  while (start < users.size()) {
    json::array actions;
    std::set<std::string> claimKeys;
    std::size_t bytes = 0, end = start;
    for (; end < users.size(); ++end) {
      const core::User& u = users[end];
      json::object update = userUpdate(u);
      conditionRepo(update, u.githubJourneyRepo, true);
      std::optional<json::object> put;
      if (u.githubJourneyRepo) put = claimPut(table(), u);
      const std::size_t size = json::serialize(update).size() + (put ? json::serialize(*put).size() : 0);
      const std::size_t n = put ? 2 : 1;
      const bool repeat = put && claimKeys.contains(repoKeyOf(u.githubJourneyRepo));
      if (end > start && (actions.size() + n > kTransactMax || bytes + size > kTransactMaxBytes || repeat))
        break;
      actions.push_back(member("Update", std::move(update)));
      if (put) {
        actions.push_back(member("Put", std::move(*put)));
        claimKeys.insert(repoKeyOf(u.githubJourneyRepo));
      }
      bytes += size;
    }
    if (const auto refused = tryTransact(std::move(actions))) {
      raiseUnlessConditional(client, *refused);
      writeKnown(std::span(users).subspan(start, end - start));
    }
    written += end - start;
    if (progress) progress(written, users.size());
    start = end;
  }
}

bool DynamoStore::Impl::writeProfileUpdate(const core::User& user, const json::object& update) {
  for (int attempt = 1;; ++attempt) {
    json::object get;
    get["TableName"] = table();
    get["Key"] = userKey(user.githubProfile);
    get["ConsistentRead"] = true;
    json::object reply = client.call("GetItem", get);
    const json::value* item = reply.if_contains("Item");
    if (!item || !item->is_object() || item->get_object().empty()) return false;
    const std::optional<std::string> was = userFromItem(item->get_object()).githubJourneyRepo;

    json::object u = update;
    conditionRepo(u, was, false);
    if (was == user.githubJourneyRepo) {
      // The link stays exactly as it is: one item, one UpdateItem (as before the sync existed).
      try {
        client.call("UpdateItem", u);
        return true;
      } catch (const StoreError& e) {
        if (e.kind() != StoreError::Kind::Conflict) throw;  // changed or deleted since the read
      }
    } else {
      json::array actions;
      actions.push_back(member("Update", std::move(u)));
      if (was && repoKeyOf(was) != repoKeyOf(user.githubJourneyRepo)) {
        actions.push_back(member("Delete", claimDelete(table(), user, *was)));
      }
      std::optional<std::size_t> putAt;
      if (user.githubJourneyRepo) {
        putAt = actions.size();
        actions.push_back(member("Put", claimPut(table(), user)));
      }
      const auto refused = tryTransact(std::move(actions));
      if (!refused) return true;
      raiseUnlessConditional(client, *refused);
      if (putAt && failedAt(*refused, *putAt)) throwIfClaimedByAnother(user);
    }
    client.backoff(attempt, "profile update kept racing other writers");
  }
}

}  // namespace hdoc::store
