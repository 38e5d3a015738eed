// Test helper: GitHub webhook deliveries built from the payloads in tests/fixtures/github (themselves
// built from GitHub's documented examples), signed the way GitHub signs them.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace hdoc::testing {

// A fixture payload's text, byte for byte.
std::string githubFixture(const std::string& name);

struct TestCommit {
  std::string id;         // 40 hex digits; derived from `message` when empty
  std::string timestamp;  // ISO 8601 with offset, e.g. "2024-03-01T10:00:00Z"
  std::vector<std::string> added, modified, removed;
  bool distinct = true;
  std::string message = "a commit";
};

// A distinct commit at `timestamp` adding `added` (and modifying `modified`).
TestCommit commitAt(const std::string& timestamp, std::vector<std::string> added,
                    std::vector<std::string> modified = {}, const std::string& message = "");

// push-journey-day1.json with another repository, ref and commit list (head_commit is the last commit,
// or null without commits).
boost::json::object pushPayload(const std::string& fullName, const std::vector<TestCommit>& commits,
                                const std::string& ref = "refs/heads/main",
                                const std::string& defaultBranch = "main");
std::string pushBody(const std::string& fullName, const std::vector<TestCommit>& commits,
                     const std::string& ref = "refs/heads/main", const std::string& defaultBranch = "main");
// The commit URL GitHub gives `commit` in `fullName` (what becomes the entry's url).
std::string commitUrl(const std::string& fullName, const TestCommit& commit);
std::string commitId(const TestCommit& commit);

// "sha256=" + hex HMAC-SHA256, computed here with OpenSSL's HMAC independently of auth/.
std::string signGithub(const std::string& secret, const std::string& body);

// The headers GitHub sends with a delivery (GitHub-Hookshot user agent, JSON content type, event,
// delivery id, hook id, signature of `body` with `secret`). An empty secret: no signature header.
std::map<std::string, std::string> deliveryHeaders(const std::string& event, const std::string& delivery,
                                                   const std::string& body, const std::string& secret);
// The same as an http::Request for POST `target`.
http::Request deliveryRequest(const std::string& event, const std::string& delivery, const std::string& body,
                              const std::string& secret, const std::string& target = "/api/webhooks/github");

}  // namespace hdoc::testing
