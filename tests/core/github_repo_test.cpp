#include "core/github_repo.hpp"

#include <gtest/gtest.h>

namespace hdoc::core {
namespace {

TEST(GithubRepo, OwnersFollowGithubsLoginRules) {
  for (const char* ok :
       {"a", "alice", "alice-cloud", "A1-b2-C3", "0", "abcdefghijklmnopqrstuvwxyz0123456789abc"}) {
    EXPECT_TRUE(isValidGithubOwner(ok)) << ok;
  }
  for (const char* bad : {"", "-alice", "alice-", "al--ice", "al_ice", "al.ice", "alice cloud", "älice",
                          "abcdefghijklmnopqrstuvwxyz0123456789abcd" /* 40 */}) {
    EXPECT_FALSE(isValidGithubOwner(bad)) << bad;
  }
}

TEST(GithubRepo, NamesFollowGithubsRepositoryRules) {
  for (const char* ok : {"100DaysOfCloud", "a", "my.journey", "my_journey", "-x-", ".github", "..."}) {
    EXPECT_TRUE(isValidGithubRepoName(ok)) << ok;
  }
  EXPECT_TRUE(isValidGithubRepoName(std::string(100, 'n')));
  EXPECT_FALSE(isValidGithubRepoName(std::string(101, 'n')));
  for (const char* bad : {"", ".", "..", "my journey", "a/b", "Ä", "x?"})
    EXPECT_FALSE(isValidGithubRepoName(bad)) << bad;
}

TEST(GithubRepo, OnlyTheOwnerMayLinkARepositoryIgnoringAsciiCase) {
  EXPECT_EQ(journeyRepoProblem("alice-cloud/100DaysOfCloud", "alice-cloud"), std::nullopt);
  EXPECT_EQ(journeyRepoProblem("Alice-Cloud/100DaysOfCloud", "alice-CLOUD"), std::nullopt);
  const auto other = journeyRepoProblem("bob/100DaysOfCloud", "alice-cloud");
  ASSERT_TRUE(other);
  EXPECT_NE(other->find("your githubProfile"), std::string::npos) << *other;
  // A handle the legacy export allows but GitHub does not can link nothing.
  EXPECT_TRUE(journeyRepoProblem("erica_o/journey", "erica_o"));
}

TEST(GithubRepo, MalformedNamesAreRefusedWithTheRule) {
  for (const char* bad : {"alice", "alice/", "/journey", "alice/journey/extra", "alice//journey",
                          "-alice/journey", "alice/..", "alice/my journey", ""}) {
    const auto problem = journeyRepoProblem(bad, "alice");
    EXPECT_TRUE(problem) << bad;
  }
  EXPECT_NE(journeyRepoProblem("alice", "alice")->find("owner/name"), std::string::npos);
  const std::string longest = "a/" + std::string(kMaxGithubRepoNameLength, 'r');
  EXPECT_EQ(journeyRepoProblem(longest, "a"), std::nullopt);
}

TEST(GithubRepo, KeyFoldsAsciiCaseOnly) {
  EXPECT_EQ(journeyRepoKey("Alice-Cloud/100DaysOfCloud"), "alice-cloud/100daysofcloud");
  EXPECT_EQ(journeyRepoKey("alice/journey"), journeyRepoKey("ALICE/JOURNEY"));
}

}  // namespace
}  // namespace hdoc::core
