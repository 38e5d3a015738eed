#include "store/dynamodb/items.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <random>
#include <stdexcept>

#include "core/ordering.hpp"
#include "core/text.hpp"
#include "store/dynamodb/table_schema.hpp"

namespace hdoc::store::dynamodb {
namespace json = boost::json;

namespace {

std::string padded(std::int64_t n, int width) {
  std::string digits = std::to_string(std::max<std::int64_t>(n, 0));
  if (static_cast<int>(digits.size()) < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

// Join instants from year 0000 to 9999 shifted to be positive: 15 digits in every case.
constexpr std::int64_t kJoinOffset = 100'000'000'000'000;
constexpr std::int64_t kJoinMax = 999'999'999'999'999;
// Totals are at most 2 * 10^9 (records.cpp bounds each score to 10^9).
constexpr std::int64_t kScoreMax = 9'999'999'999;

std::string key(std::string_view name) {
  return std::string(name);
}

const json::object& attribute(const json::object& item, std::string_view name) {
  const json::value* v = item.if_contains(name);
  if (!v || !v->is_object()) throw std::runtime_error("DynamoDB item lacks attribute " + std::string(name));
  return v->get_object();
}

}  // namespace

std::string itemString(const json::object& item, std::string_view name) {
  const json::value* s = attribute(item, name).if_contains("S");
  if (!s || !s->is_string())
    throw std::runtime_error("DynamoDB attribute " + std::string(name) + " is not S");
  return std::string(s->get_string());
}

std::int64_t itemNumber(const json::object& item, std::string_view name) {
  const json::value* n = attribute(item, name).if_contains("N");
  if (!n || !n->is_string())
    throw std::runtime_error("DynamoDB attribute " + std::string(name) + " is not N");
  std::string_view text = n->get_string();
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    throw std::runtime_error("DynamoDB attribute " + std::string(name) + " is not an integer");
  }
  return value;
}

bool itemBool(const json::object& item, std::string_view name) {
  const json::value* b = attribute(item, name).if_contains("BOOL");
  if (!b || !b->is_bool())
    throw std::runtime_error("DynamoDB attribute " + std::string(name) + " is not BOOL");
  return b->get_bool();
}

json::object stringValue(std::string_view s) {
  return {{"S", s}};
}
json::object numberValue(std::int64_t n) {
  return {{"N", std::to_string(n)}};
}

std::string userPartition(std::string_view githubProfile) {
  return "USER#" + core::asciiFold(githubProfile);
}
std::string articleSort(std::int64_t id) {
  return padded(id, 16);
}
std::string tagCounterPartition(std::string_view tag) {
  return "TAG#" + std::string(tag);
}

std::string ownerPartition(std::string_view ownerSub) {
  return "OWNER#" + std::string(ownerSub);
}

std::string entrySort(std::string_view generation, int day, core::Platform platform) {
  return std::string(kEntryPrefix) + std::string(generation) + "#" + padded(day, 3) + "#" +
         std::string(core::platformName(platform));
}

std::string newGeneration() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string gen(16, '0');
  for (char& c : gen) c = kHex[rng() % 16];
  return gen;
}

json::object ownerKey(std::string_view ownerSub) {
  return {{key(attr::kPk), stringValue(ownerPartition(ownerSub))}, {key(attr::kSk), stringValue(kOwnerSort)}};
}

json::object entryKey(std::string_view githubProfile, std::string_view generation, int day,
                      core::Platform platform) {
  return {{key(attr::kPk), stringValue(userPartition(githubProfile))},
          {key(attr::kSk), stringValue(entrySort(generation, day, platform))}};
}

json::object entryItem(const core::Entry& e, std::string_view generation) {
  json::object item = entryKey(e.githubProfile, generation, e.day, e.platform);
  item[key(kGeneration)] = stringValue(generation);
  item["day"] = numberValue(e.day);
  item["platform"] = stringValue(core::platformName(e.platform));
  item["url"] = stringValue(e.url);
  item["date"] = stringValue(e.date);
  item["verified"] = {{"BOOL", e.verified}};
  return item;
}

core::Entry entryFromItem(const json::object& item, const std::string& githubProfile) {
  core::Entry e;
  e.githubProfile = githubProfile;
  e.day = static_cast<int>(itemNumber(item, "day"));
  const auto platform = core::parsePlatform(itemString(item, "platform"));
  if (!platform) throw std::runtime_error("DynamoDB entry item has an unknown platform");
  e.platform = *platform;
  e.url = itemString(item, "url");
  e.date = itemString(item, "date");
  e.verified = itemBool(item, "verified");
  return e;
}

json::object userKey(std::string_view githubProfile) {
  return {{key(attr::kPk), stringValue(userPartition(githubProfile))},
          {key(attr::kSk), stringValue(kUserSort)}};
}

json::object articleKey(std::int64_t id) {
  return {{key(attr::kPk), stringValue(kArticlePartition)}, {key(attr::kSk), stringValue(articleSort(id))}};
}

json::object tagCounterKey(std::string_view tag) {
  return {{key(attr::kPk), stringValue(tagCounterPartition(tag))},
          {key(attr::kSk), stringValue(kTagCounterSort)}};
}

std::string userShard(std::string_view githubProfile, int shards) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a: the same shard on every build and platform
  for (char c : core::asciiFold(githubProfile)) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return "U#" + std::to_string(h % static_cast<std::uint64_t>(std::max(shards, 1)));
}

std::string scoreSortKey(std::int64_t totalScore, std::string_view githubProfile) {
  return padded(kScoreMax - std::clamp<std::int64_t>(totalScore, 0, kScoreMax), 10) + "#" +
         std::string(githubProfile);
}
std::string joinSortKey(std::int64_t joinedMillis, std::string_view githubProfile) {
  const std::int64_t shifted =
      std::clamp<std::int64_t>(joinedMillis, -kJoinOffset, kJoinMax - kJoinOffset) + kJoinOffset;
  return padded(shifted, 15) + "#" + std::string(githubProfile);
}
std::string recentSortKey(std::int64_t joinedMillis, std::string_view githubProfile) {
  const std::int64_t shifted =
      std::clamp<std::int64_t>(joinedMillis, -kJoinOffset, kJoinMax - kJoinOffset) + kJoinOffset;
  return padded(kJoinMax - shifted, 15) + "#" + std::string(githubProfile);
}
std::string scoreSortKey(const core::User& user) {
  return scoreSortKey(user.totalScore(), user.githubProfile);
}
std::string joinSortKey(const core::User& user) {
  return joinSortKey(core::joinedMillis(user), user.githubProfile);
}
std::string recentSortKey(const core::User& user) {
  return recentSortKey(core::joinedMillis(user), user.githubProfile);
}

json::object userItem(const core::User& u, int shards) {
  json::object item = userKey(u.githubProfile);
  item[key(attr::kUserShard)] = stringValue(userShard(u.githubProfile, shards));
  item[key(attr::kScoreKey)] = stringValue(scoreSortKey(u));
  item[key(attr::kJoinKey)] = stringValue(joinSortKey(u));
  item[key(attr::kRecentKey)] = stringValue(recentSortKey(u));
  item["id"] = stringValue(u.id);
  item["name"] = stringValue(u.name);
  item["daysCompleted"] = numberValue(u.daysCompleted);
  item["githubProfile"] = stringValue(u.githubProfile);
  item["githubScore"] = numberValue(u.githubScore);
  item["githubStreak"] = numberValue(u.githubStreak);
  item["twitterProfile"] = stringValue(u.twitterProfile);
  item["twitterScore"] = numberValue(u.twitterScore);
  item["twitterStreak"] = numberValue(u.twitterStreak);
  item["linkedinProfile"] = stringValue(u.linkedinProfile);
  item["status"] = {{"BOOL", u.status}};
  item["avatarImage"] = stringValue(u.avatarImage);
  item["dateJoined"] = stringValue(u.dateJoined);
  if (u.bio) item["bio"] = stringValue(*u.bio);  // absent stays absent; "" stays ""
  // Only written profiles have an owner; imported ones have none (and an empty string could never
  // become an index key for owner lookups).
  if (!u.owner.empty()) item["owner"] = stringValue(u.owner);
  if (u.githubJourneyRepo) item["githubJourneyRepo"] = stringValue(*u.githubJourneyRepo);
  return item;
}

core::User userFromItem(const json::object& item) {
  core::User u;
  u.id = itemString(item, "id");
  u.name = itemString(item, "name");
  u.daysCompleted = itemNumber(item, "daysCompleted");
  u.githubProfile = itemString(item, "githubProfile");
  u.githubScore = itemNumber(item, "githubScore");
  u.githubStreak = itemNumber(item, "githubStreak");
  u.twitterProfile = itemString(item, "twitterProfile");
  u.twitterScore = itemNumber(item, "twitterScore");
  u.twitterStreak = itemNumber(item, "twitterStreak");
  u.linkedinProfile = itemString(item, "linkedinProfile");
  u.status = itemBool(item, "status");
  u.avatarImage = itemString(item, "avatarImage");
  u.dateJoined = itemString(item, "dateJoined");
  if (item.contains("bio")) u.bio = itemString(item, "bio");
  if (item.contains("owner")) u.owner = itemString(item, "owner");
  if (item.contains("githubJourneyRepo")) u.githubJourneyRepo = itemString(item, "githubJourneyRepo");
  return u;
}

json::object articleItem(const core::Article& a) {
  json::object item = articleKey(a.id);
  item[key(attr::kArticleId)] = numberValue(a.id);
  item[key(attr::kTagFold)] = stringValue(core::asciiFold(a.tags));
  item["title"] = stringValue(a.title);
  item["subtitle"] = stringValue(a.subtitle);
  item["image"] = stringValue(a.image);
  item["tags"] = stringValue(a.tags);
  item["author"] = stringValue(a.author);
  return item;
}

core::Article articleFromItem(const json::object& item) {
  core::Article a;
  a.id = itemNumber(item, attr::kArticleId);
  a.title = itemString(item, "title");
  a.subtitle = itemString(item, "subtitle");
  a.image = itemString(item, "image");
  a.tags = itemString(item, "tags");
  a.author = itemString(item, "author");
  return a;
}

}  // namespace hdoc::store::dynamodb
