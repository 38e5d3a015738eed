// The domain model: the records the website shows, with the frontend's field names in comments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace hdoc::core {

// A journeyer. Field order is the order of the frontend's users.json and of every response.
struct User {
  std::string id;    // "id": a short opaque string (5 characters in the mock data)
  std::string name;  // "name"
  std::int64_t daysCompleted = 0;
  std::string githubProfile;  // the key of /users/{githubProfile}, unique ASCII-case-insensitively
  std::int64_t githubScore = 0;
  std::int64_t githubStreak = 0;
  std::string twitterProfile;
  std::int64_t twitterScore = 0;
  std::int64_t twitterStreak = 0;
  std::string linkedinProfile;
  bool status = true;
  std::string avatarImage;
  std::string dateJoined;          // ISO-8601 UTC, as given ("2020-08-08T21:01:23Z")
  std::optional<std::string> bio;  // only in the snake_case export and written profiles; omitted when absent
  // "owner/name" of the journeyer's Journey repository on GitHub (core/github_repo.hpp), whose pushes
  // score their GitHub days; omitted when absent.
  std::optional<std::string> githubJourneyRepo;
  // The Cognito `sub` that owns this profile ("" for imported journeyers). Never serialised.
  std::string owner;

  std::int64_t totalScore() const { return githubScore + twitterScore; }
  bool operator==(const User&) const = default;
};

struct Article {
  std::int64_t id = 0;  // "id": positive integer
  std::string title;
  std::string subtitle;
  std::string image;
  std::string tags;  // "tags": one tag, a string (the name is the frontend's)
  std::string author;
  bool operator==(const Article&) const = default;
};

// One row of /tags: how many articles carry exactly this tag value.
struct TagCount {
  std::string tag;
  std::int64_t count = 0;
  bool operator==(const TagCount&) const = default;
};

}  // namespace hdoc::core
