// The GitHub repository a journeyer links as their Journey (githubJourneyRepo): GitHub's own rules for
// an "owner/name" (repository.full_name of the webhook payloads), and the rule that only the owner may
// link it. Pure: no I/O.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hdoc::core {

inline constexpr std::size_t kMaxGithubOwnerLength = 39;
inline constexpr std::size_t kMaxGithubRepoNameLength = 100;
// "owner/name" at its longest.
inline constexpr std::size_t kMaxJourneyRepoLength = kMaxGithubOwnerLength + 1 + kMaxGithubRepoNameLength;

// A GitHub user or organisation login: 1..39 ASCII letters, digits and hyphens, no hyphen at either end
// and never two in a row.
bool isValidGithubOwner(std::string_view owner);
// A repository name: 1..100 ASCII letters, digits, '.', '-' and '_', but not "." or "..".
bool isValidGithubRepoName(std::string_view name);

// What is wrong with `fullName` as githubProfile's Journey repository, or nullopt when it may be linked:
// "owner/name" by the rules above, with owner equal to githubProfile ignoring ASCII case (nobody links
// someone else's repository).
std::optional<std::string> journeyRepoProblem(std::string_view fullName, std::string_view githubProfile);

// The key a repository is unique and looked up by: GitHub resolves owner and name ignoring ASCII case
// ("Alice/Journey" is "alice/journey"), so one repository is one key whatever case it is written in.
std::string journeyRepoKey(std::string_view fullName);

}  // namespace hdoc::core
