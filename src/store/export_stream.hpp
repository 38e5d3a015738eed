// The complete export (`hdoc export all|entries`, `hdoc import FILE`): everything a store holds that a
// user can see, as one NDJSON stream that either store writes and reads back, byte for byte the same.
//
//   {"format":"hdoc-export","version":1,"kind":"all","hdocVersion":"0.1.0","exportedAt":"..."}
//   {"type":"user","record":{...the API's user object...}}      every stored field, figures included
//   {"type":"owner","githubProfile":"...","owner":"<sub>"}      after its user: who may edit the profile
//   {"type":"entry","record":{...the API's entry object...}}    after its user, by day then platform
//   {"type":"article","record":{...}}                           by id
//   {"type":"end","users":N,"owners":N,"entries":N,"articles":N,"checksum":"fnv1a64:<16 hex>"}
//
// Users come in registration order, each followed by its owner claim and its entries; articles by id.
// The end line's counts and checksum (FNV-1a 64 of every byte before the end line) make a truncated or
// edited file an error instead of a silent partial import. The checksum is against accidents (a cut
// download, a hand edit), not an attacker: anyone can recompute it. An "entries" export holds only the
// entry lines. A newer `version` is refused, an older one will stay readable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace hdoc::store {

inline constexpr std::string_view kExportFormat = "hdoc-export";
inline constexpr std::int64_t kExportVersion = 1;

enum class ExportKind { All, Entries };
std::string_view exportKindName(ExportKind kind);
std::optional<ExportKind> parseExportKind(std::string_view name);

struct ExportHeader {
  ExportKind kind = ExportKind::All;
  std::string hdocVersion;
  std::string exportedAt;  // ISO-8601 UTC
};

struct ExportCounts {
  std::size_t users = 0, owners = 0, entries = 0, articles = 0;
  bool operator==(const ExportCounts&) const = default;
};

// Streams the store's content to `out` page by page: the users' scan in registration order, one
// listEntries per user (at most 200 entries), the articles' scan. Memory stays bounded by a page of
// the store's scans whatever the size of the data. Returns what it wrote.
ExportCounts writeExport(Store& store, const ExportHeader& header, std::ostream& out);

// A whole export file, parsed and checked, ready to be written.
struct ExportContent {
  ExportHeader header;
  std::vector<core::User> users;  // owners set from the owner lines
  std::vector<core::Entry> entries;
  std::vector<core::Article> articles;
  ExportCounts counts;
  // "line N: problem", N counting from 1; empty when the file can be imported. At most kMaxErrors.
  std::vector<std::string> errors;
  static constexpr std::size_t kMaxErrors = 100;
};

// Parses `content`; with `expected`, a file of another kind is an error (on line 1). Every line is
// checked (the records with the rules of core/records.hpp, entries with the write API's, owners and
// entries only after their user, no key twice) and the end line must match what precedes it.
ExportContent readExport(std::string_view content, std::optional<ExportKind> expected = std::nullopt);

// Writes a checked export into `store`: users with their figures and owners (upsertUsers), entries
// exactly as exported (restoreEntries: figures kept for "all", recomputed for "entries", which has
// no figures), articles (upsertArticles). Each of those is one call: atomic on SQLite, in idempotent
// chunks on DynamoDB, as the other imports.
void importExport(Store& store, const ExportContent& content);

}  // namespace hdoc::store
