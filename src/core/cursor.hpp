// Keyset cursors for the list routes: a page ends with the sort key of its last item, and the next
// page starts strictly after it. A cursor is opaque to clients (base64url) but carries that key in
// the clear, with the list it belongs to and a checksum, so that:
// - a walk of all pages returns every item that did not change during the walk exactly once, in
//   order, whatever is written meanwhile (a key, unlike an offset, does not shift when items are
//   inserted or removed before it);
// - a tampered or truncated cursor, or one taken from another list, is refused (400) instead of
//   silently starting somewhere else.
// The checksum is not a secret MAC: a client able to forge one can only name a position in a
// public list, which the key of any item already is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hdoc::core {

// The lists that page. Values are part of the encoding: never renumber.
enum class ListKind : std::uint8_t {
  Users = 1,        // registration order: (join millis, githubProfile)
  RecentUsers = 2,  // (join millis, githubProfile), descending millis
  Leaderboard = 3,  // (total score, githubProfile), descending score
  Articles = 4,     // (id), within one tag or all
  Tags = 5,         // (count, tag), descending count
  Entries = 6,      // (day, platform), within one journeyer
};

struct Cursor {
  ListKind list = ListKind::Users;
  // What the list is of, so that a cursor of /articles/aws is refused on /articles/gcp: the folded
  // tag for Articles ("" for all articles), the folded githubProfile for Entries, "" otherwise.
  std::string scope;
  std::int64_t number = 0;  // the first sort field: join millis, total score, id, count or day
  std::string text;         // the second: githubProfile, tag or platform; "" for articles

  bool operator==(const Cursor&) const = default;
};

// Longest scope or text a cursor carries (a stored key is never longer).
inline constexpr std::size_t kMaxCursorField = 1024;

std::string encodeCursor(const Cursor& cursor);
// nullopt when `cursor` can continue `list` of `scope`; else why not ("is from another list", ...).
// Besides the list and scope, each list's key must be one a stored item can have: join instants of
// years 0000-9999, scores from 0 to twice the largest score, positive article ids and counts, days
// 1..100 on "github" or "twitter", and a non-empty githubProfile or tag.
std::optional<std::string> cursorProblem(const Cursor& cursor, ListKind list, std::string_view scope);
// nullopt for anything encodeCursor did not produce: not base64url, truncated, a changed byte,
// an unknown list, fields that are too long or not UTF-8.
std::optional<Cursor> decodeCursor(std::string_view token);

}  // namespace hdoc::core
