// The SQLite schema as an ordered list of migrations; PRAGMA user_version records how many ran.
#pragma once

#include <span>
#include <string_view>

#include "store/sqlite/connection.hpp"

namespace hdoc::store::sqlite {

// Migration i (0-based) takes the schema from version i to version i + 1. Never edit a published
// migration: append a new one.
std::span<const std::string_view> migrations();

// Brings the database to the newest version in one transaction. Refuses a database written by a
// newer hdoc (its user_version is higher than ours).
void migrate(Connection& conn);

}  // namespace hdoc::store::sqlite
