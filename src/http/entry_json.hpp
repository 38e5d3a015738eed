// The JSON of a journeyer's log entry, as GET /users/{githubProfile}/entries and the entry writes
// answer it (core::appendJson writes it).
#pragma once

#include <span>
#include <string>

#include "core/entry.hpp"

namespace hdoc::http {

std::string entryJson(const core::Entry& entry);
std::string entriesJson(std::span<const core::Entry> entries);

}  // namespace hdoc::http
