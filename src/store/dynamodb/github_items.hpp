// The items of the GitHub journey sync (docs/dynamodb.md, "GitHub journey sync"): a repository's claim,
// which makes one repository link at most one journeyer and finds that journeyer from the repository in
// one GetItem, and a webhook delivery's record, which makes a redelivery change nothing.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/model.hpp"

namespace hdoc::store::dynamodb {

// The user item's attribute holding the linked repository as written.
inline constexpr std::string_view kJourneyRepo = "githubJourneyRepo";

// "JREPO#" + core::journeyRepoKey(repo), sort key "JREPO". Attributes: userFold (the journeyer's
// partition key part), githubProfile (their stored spelling) and githubJourneyRepo (as linked). Written
// and deleted in the same transaction as the user item that links the repository.
std::string journeyRepoPartition(std::string_view repoFullName);
inline constexpr std::string_view kJourneyRepoSort = "JREPO";
boost::json::object journeyRepoClaimKey(std::string_view repoFullName);
// The claim of `user`'s githubJourneyRepo (which must be set).
boost::json::object journeyRepoClaimItem(const core::User& user);

// "GHDELIVERY#" + X-GitHub-Delivery, sort key "DELIVERY". Attributes: repoFold, userFold, receivedAt and
// expiresAt (N, seconds since the epoch): the table's TimeToLiveSpecification attribute, so DynamoDB
// deletes the record once GitHub can no longer redeliver it (infra/database.yaml).
std::string deliveryPartition(std::string_view deliveryId);
inline constexpr std::string_view kDeliverySort = "DELIVERY";
inline constexpr std::string_view kExpiresAt = "expiresAt";
// GitHub redelivers deliveries of the past 30 days; five more days of margin.
inline constexpr std::int64_t kDeliveryRetentionSeconds = 35 * 24 * 3600;
boost::json::object deliveryKey(std::string_view deliveryId);
boost::json::object deliveryItem(std::string_view deliveryId, std::string_view repoFullName,
                                 std::string_view githubProfile, std::int64_t receivedAt);

}  // namespace hdoc::store::dynamodb
