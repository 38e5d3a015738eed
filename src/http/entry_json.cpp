#include "http/entry_json.hpp"

#include "core/json_writer.hpp"

namespace hdoc::http {

std::string entryJson(const core::Entry& entry) {
  return core::toJson(entry);
}

std::string entriesJson(std::span<const core::Entry> entries) {
  return core::toJsonArray(entries);
}

}  // namespace hdoc::http
