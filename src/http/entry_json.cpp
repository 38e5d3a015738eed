#include "http/entry_json.hpp"

#include "core/json_writer.hpp"

namespace hdoc::http {

void appendJson(std::string& out, const core::Entry& e) {
  out += "{\"githubProfile\":";
  core::appendJsonString(out, e.githubProfile);
  out += ",\"day\":" + std::to_string(e.day) + ",\"platform\":";
  core::appendJsonString(out, core::platformName(e.platform));
  out += ",\"url\":";
  core::appendJsonString(out, e.url);
  out += ",\"date\":";
  core::appendJsonString(out, e.date);
  out += e.verified ? ",\"verified\":true}" : ",\"verified\":false}";
}

std::string entryJson(const core::Entry& entry) {
  std::string out;
  appendJson(out, entry);
  return out;
}

std::string entriesJson(std::span<const core::Entry> entries) {
  std::string out = "[";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i) out.push_back(',');
    appendJson(out, entries[i]);
  }
  out.push_back(']');
  return out;
}

}  // namespace hdoc::http
