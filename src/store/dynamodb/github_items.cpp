#include "store/dynamodb/github_items.hpp"

#include "core/github_repo.hpp"
#include "core/text.hpp"
#include "store/dynamodb/items.hpp"
#include "store/dynamodb/table_schema.hpp"

namespace hdoc::store::dynamodb {
namespace json = boost::json;

std::string journeyRepoPartition(std::string_view repoFullName) {
  return "JREPO#" + core::journeyRepoKey(repoFullName);
}

json::object journeyRepoClaimKey(std::string_view repoFullName) {
  return {{std::string(attr::kPk), stringValue(journeyRepoPartition(repoFullName))},
          {std::string(attr::kSk), stringValue(kJourneyRepoSort)}};
}

json::object journeyRepoClaimItem(const core::User& user) {
  json::object item = journeyRepoClaimKey(*user.githubJourneyRepo);
  item[kOwnerUser] = stringValue(core::asciiFold(user.githubProfile));
  item["githubProfile"] = stringValue(user.githubProfile);
  item[kJourneyRepo] = stringValue(*user.githubJourneyRepo);
  return item;
}

std::string deliveryPartition(std::string_view deliveryId) {
  return "GHDELIVERY#" + std::string(deliveryId);
}

json::object deliveryKey(std::string_view deliveryId) {
  return {{std::string(attr::kPk), stringValue(deliveryPartition(deliveryId))},
          {std::string(attr::kSk), stringValue(kDeliverySort)}};
}

json::object deliveryItem(std::string_view deliveryId, std::string_view repoFullName,
                          std::string_view githubProfile, std::int64_t receivedAt) {
  json::object item = deliveryKey(deliveryId);
  item["repoFold"] = stringValue(core::journeyRepoKey(repoFullName));
  item[kOwnerUser] = stringValue(core::asciiFold(githubProfile));
  item["receivedAt"] = numberValue(receivedAt);
  item[kExpiresAt] = numberValue(receivedAt + kDeliveryRetentionSeconds);
  return item;
}

}  // namespace hdoc::store::dynamodb
