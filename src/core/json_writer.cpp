#include "core/json_writer.hpp"

#include <array>
#include <charconv>

namespace hdoc::core {
namespace {

void appendInt(std::string& out, std::int64_t v) {
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out.append(buf, end);
}

// Bytes a JSON string must escape: '"', '\\' and the C0 controls. A table, because this loop runs
// over every byte of every page.
constexpr std::array<bool, 256> kEscaped = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = t['\\'] = true;
  return t;
}();

void appendField(std::string& out, std::string_view name, std::string_view value, bool first = false) {
  if (!first) out.push_back(',');
  out.push_back('"');
  out += name;
  out += "\":";
  appendJsonString(out, value);
}

void appendField(std::string& out, std::string_view name, std::int64_t value) {
  out += ",\"";
  out += name;
  out += "\":";
  appendInt(out, value);
}

}  // namespace

void appendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // start of the pending run of bytes that need no escaping
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (!kEscaped[c]) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void appendJson(std::string& out, const User& u) {
  out.push_back('{');
  appendField(out, "id", u.id, true);
  appendField(out, "name", u.name);
  appendField(out, "daysCompleted", u.daysCompleted);
  appendField(out, "githubProfile", u.githubProfile);
  appendField(out, "githubScore", u.githubScore);
  appendField(out, "githubStreak", u.githubStreak);
  appendField(out, "twitterProfile", u.twitterProfile);
  appendField(out, "twitterScore", u.twitterScore);
  appendField(out, "twitterStreak", u.twitterStreak);
  appendField(out, "linkedinProfile", u.linkedinProfile);
  out += u.status ? ",\"status\":true" : ",\"status\":false";
  appendField(out, "avatarImage", u.avatarImage);
  appendField(out, "dateJoined", u.dateJoined);
  if (u.bio) appendField(out, "bio", *u.bio);
  if (u.githubJourneyRepo) appendField(out, "githubJourneyRepo", *u.githubJourneyRepo);
  out.push_back('}');
}

void appendJson(std::string& out, const Article& a) {
  out += "{\"id\":";
  appendInt(out, a.id);
  appendField(out, "title", a.title);
  appendField(out, "subtitle", a.subtitle);
  appendField(out, "image", a.image);
  appendField(out, "tags", a.tags);
  appendField(out, "author", a.author);
  out.push_back('}');
}

void appendJson(std::string& out, const TagCount& t) {
  out.push_back('{');
  appendField(out, "tag", t.tag, true);
  appendField(out, "count", t.count);
  out.push_back('}');
}

void appendJson(std::string& out, const Entry& e) {
  out += "{\"githubProfile\":";
  appendJsonString(out, e.githubProfile);
  out += ",\"day\":" + std::to_string(e.day) + ",\"platform\":";
  appendJsonString(out, platformName(e.platform));
  out += ",\"url\":";
  appendJsonString(out, e.url);
  out += ",\"date\":";
  appendJsonString(out, e.date);
  out += e.verified ? ",\"verified\":true}" : ",\"verified\":false}";
}

}  // namespace hdoc::core
