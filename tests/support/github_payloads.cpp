#include "support/github_payloads.hpp"

#include <openssl/evp.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace hdoc::testing {
namespace json = boost::json;

std::string githubFixture(const std::string& name) {
  const std::string path = std::string(HDOC_SOURCE_DIR) + "/tests/fixtures/github/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string commitId(const TestCommit& c) {
  if (!c.id.empty()) return c.id;
  // A stable fake SHA from the message and timestamp (FNV-1a, repeated to 40 hex digits).
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t h = 1469598103934665603ull;
  std::string out;
  const std::string seed = c.message + "|" + c.timestamp;
  while (out.size() < 40) {
    for (char ch : seed) h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
    h = (h ^ out.size()) * 1099511628211ull;
    out.push_back(kHex[h % 16]);
  }
  return out;
}

TestCommit commitAt(const std::string& timestamp, std::vector<std::string> added,
                    std::vector<std::string> modified, const std::string& message) {
  TestCommit c;
  c.timestamp = timestamp;
  c.added = std::move(added);
  c.modified = std::move(modified);
  c.message = message.empty() ? "work of " + timestamp : message;
  return c;
}

std::string commitUrl(const std::string& fullName, const TestCommit& c) {
  return "https://github.com/" + fullName + "/commit/" + commitId(c);
}

json::object pushPayload(const std::string& fullName, const std::vector<TestCommit>& commits,
                         const std::string& ref, const std::string& defaultBranch) {
  json::object payload = json::parse(githubFixture("push-journey-day1.json")).as_object();
  const auto slash = fullName.find('/');
  const std::string owner = fullName.substr(0, slash), name = fullName.substr(slash + 1);
  auto& repo = payload["repository"].as_object();
  repo["full_name"] = fullName;
  repo["name"] = name;
  repo["owner"].as_object()["login"] = owner;
  repo["owner"].as_object()["name"] = owner;
  repo["html_url"] = "https://github.com/" + fullName;
  repo["default_branch"] = defaultBranch;
  repo["master_branch"] = defaultBranch;
  payload["ref"] = ref;
  const json::object model = payload["commits"].as_array().at(0).as_object();
  json::array list;
  for (const auto& c : commits) {
    json::object commit = model;
    commit["id"] = commitId(c);
    commit["distinct"] = c.distinct;
    commit["message"] = c.message;
    commit["timestamp"] = c.timestamp;
    commit["url"] = commitUrl(fullName, c);
    auto strings = [](const std::vector<std::string>& v) {
      json::array a;
      for (const auto& s : v) a.emplace_back(s);
      return a;
    };
    commit["added"] = strings(c.added);
    commit["modified"] = strings(c.modified);
    commit["removed"] = strings(c.removed);
    list.push_back(std::move(commit));
  }
  payload["head_commit"] = list.empty() ? json::value(nullptr) : list.back();
  payload["after"] = commits.empty() ? std::string(40, '0') : commitId(commits.back());
  payload["commits"] = std::move(list);
  return payload;
}

std::string pushBody(const std::string& fullName, const std::vector<TestCommit>& commits,
                     const std::string& ref, const std::string& defaultBranch) {
  return json::serialize(pushPayload(fullName, commits, ref, defaultBranch));
}

std::string signGithub(const std::string& secret, const std::string& body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t len = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.data(), secret.size(),
                 reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, sizeof mac, &len)) {
    throw std::runtime_error("HMAC failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "sha256=";
  for (std::size_t i = 0; i < len; ++i) {
    out.push_back(kHex[mac[i] >> 4]);
    out.push_back(kHex[mac[i] & 0xF]);
  }
  return out;
}

std::map<std::string, std::string> deliveryHeaders(const std::string& event, const std::string& delivery,
                                                   const std::string& body, const std::string& secret) {
  std::map<std::string, std::string> h{{"User-Agent", "GitHub-Hookshot/7e3a2d1"},
                                       {"Content-Type", "application/json"},
                                       {"X-GitHub-Event", event},
                                       {"X-GitHub-Delivery", delivery},
                                       {"X-GitHub-Hook-ID", "471234567"},
                                       {"X-GitHub-Hook-Installation-Target-Type", "repository"},
                                       {"X-GitHub-Hook-Installation-Target-ID", "700000001"}};
  if (!secret.empty()) h["X-Hub-Signature-256"] = signGithub(secret, body);
  return h;
}

http::Request deliveryRequest(const std::string& event, const std::string& delivery, const std::string& body,
                              const std::string& secret, const std::string& target) {
  http::Request req;
  req.method = "POST";
  req.target = target;
  req.body = body;
  for (const auto& [name, value] : deliveryHeaders(event, delivery, body, secret))
    req.headers.push_back({name, value});
  return req;
}

}  // namespace hdoc::testing
