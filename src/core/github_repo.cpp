#include "core/github_repo.hpp"

#include "core/text.hpp"

namespace hdoc::core {
namespace {

bool isAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

bool isValidGithubOwner(std::string_view owner) {
  if (owner.empty() || owner.size() > kMaxGithubOwnerLength) return false;
  if (owner.front() == '-' || owner.back() == '-') return false;
  for (std::size_t i = 0; i < owner.size(); ++i) {
    const char c = owner[i];
    if (c == '-') {
      if (owner[i - 1] == '-') return false;
    } else if (!isAsciiAlnum(c)) {
      return false;
    }
  }
  return true;
}

bool isValidGithubRepoName(std::string_view name) {
  if (name.empty() || name.size() > kMaxGithubRepoNameLength || name == "." || name == "..") return false;
  for (char c : name) {
    if (!isAsciiAlnum(c) && c != '.' && c != '-' && c != '_') return false;
  }
  return true;
}

std::optional<std::string> journeyRepoProblem(std::string_view fullName, std::string_view githubProfile) {
  const auto slash = fullName.find('/');
  if (slash == std::string_view::npos) return "must be owner/name, the repository's full name on GitHub";
  const std::string_view owner = fullName.substr(0, slash);
  const std::string_view name = fullName.substr(slash + 1);
  if (!isValidGithubOwner(owner)) {
    return "owner must be a GitHub login: 1 to 39 letters, digits or single hyphens, no hyphen at either end";
  }
  if (!isValidGithubRepoName(name)) {
    return "name must be 1 to 100 letters, digits, '.', '-' or '_' (not \".\" or \"..\")";
  }
  if (asciiFold(owner) != asciiFold(githubProfile)) {
    return "must be a repository of your own: its owner must be your githubProfile";
  }
  return std::nullopt;
}

std::string journeyRepoKey(std::string_view fullName) {
  return asciiFold(fullName);
}

}  // namespace hdoc::core
