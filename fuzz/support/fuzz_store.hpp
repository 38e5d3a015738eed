// The SQLite stores the HTTP fuzz targets run against: real database files in a private temporary
// directory (on /dev/shm when there is one, to keep disk I/O out of the fuzzing loop), holding a
// little deterministic data, removed at exit.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/principal.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace hdoc::fuzz {

// The journeyer whose profile `alice()` owns, with a few entries and one article of her own.
inline constexpr const char* kAliceProfile = "alice-dev";

core::Principal alice();  // an ordinary signed-in journeyer
core::Principal admin();  // a member of the "admin" group
core::Principal bob();    // signed in, no profile yet

// A fixed "now" for every write (2026-05-01), so inputs replay identically.
std::int64_t fixedClock();

// One store shared by every input of a process: for targets that only read.
store::SqliteStore& sharedStore();

// A fresh copy of the seeded database for each input: for targets that write, so that every
// input starts from the same state and a crash replays from its input alone.
std::unique_ptr<store::SqliteStore> freshStore();

}  // namespace hdoc::fuzz
