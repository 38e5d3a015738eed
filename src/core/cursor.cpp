#include "core/cursor.hpp"

#include "core/base64.hpp"
#include "core/entry.hpp"
#include "core/hash.hpp"
#include "core/records.hpp"
#include "core/scoring.hpp"
#include "core/text.hpp"

namespace hdoc::core {
namespace {

// Layout: version, list, number (8 bytes big-endian), scope length (2), scope, text length (2),
// text, then FNV-1a 64 of everything before it (8, big-endian).
constexpr char kVersion = 1;
constexpr std::string_view kChecksumSalt = "hdoc cursor v1";

void putUint(std::string& out, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

// Reads `bytes` big-endian bytes at `pos`, advancing it; false when the input is too short.
bool takeUint(std::string_view in, std::size_t& pos, int bytes, std::uint64_t& value) {
  if (in.size() - pos < static_cast<std::size_t>(bytes)) return false;
  value = 0;
  for (int i = 0; i < bytes; ++i) value = (value << 8) | static_cast<unsigned char>(in[pos++]);
  return true;
}

bool takeField(std::string_view in, std::size_t& pos, std::string& field) {
  std::uint64_t length = 0;
  if (!takeUint(in, pos, 2, length) || length > kMaxCursorField || in.size() - pos < length) return false;
  field.assign(in.substr(pos, length));
  pos += length;
  return isValidUtf8(field);
}

std::uint64_t checksum(std::string_view payload) {
  return fnv1a64(payload, fnv1a64(kChecksumSalt));
}

// Milliseconds of 0000-01-01T00:00:00Z and of 9999-12-31T23:59:59.999Z: the instants a dateJoined can name.
constexpr std::int64_t kFirstInstant = -62'167'219'200'000;
constexpr std::int64_t kLastInstant = 253'402'300'799'999;

}  // namespace

std::optional<std::string> cursorProblem(const Cursor& c, ListKind list, std::string_view scope) {
  if (c.list != list) return "is from another list";
  if (c.scope != scope) return "is from another list (another tag or journeyer)";
  auto within = [&](std::int64_t lo, std::int64_t hi) { return c.number >= lo && c.number <= hi; };
  bool ok = true;
  switch (list) {
    case ListKind::Users:
    case ListKind::RecentUsers:
      ok = within(kFirstInstant, kLastInstant) && !c.text.empty();
      break;
    case ListKind::Leaderboard:
      ok = within(0, 2 * kMaxScore) && !c.text.empty();
      break;
    case ListKind::Articles:
      ok = within(1, kMaxArticleId) && c.text.empty();
      break;
    case ListKind::Tags:
      ok = within(1, kMaxArticleId) && !c.text.empty();
      break;
    case ListKind::Entries:
      ok = within(kFirstChallengeDay, kLastChallengeDay) && parsePlatform(c.text).has_value();
      break;
  }
  if (!ok) return "does not name a position in this list";
  return std::nullopt;
}

std::string encodeCursor(const Cursor& c) {
  std::string raw;
  raw.push_back(kVersion);
  raw.push_back(static_cast<char>(c.list));
  putUint(raw, static_cast<std::uint64_t>(c.number), 8);
  putUint(raw, c.scope.size(), 2);
  raw += c.scope;
  putUint(raw, c.text.size(), 2);
  raw += c.text;
  putUint(raw, checksum(raw), 8);
  return base64urlEncode(raw);
}

std::optional<Cursor> decodeCursor(std::string_view token) {
  const auto raw = base64urlDecode(token);
  if (!raw || raw->size() < 2 + 8 + 2 + 2 + 8) return std::nullopt;
  const std::string_view bytes(*raw);
  const std::string_view payload = bytes.substr(0, bytes.size() - 8);
  std::size_t pos = payload.size();
  std::uint64_t sum = 0;
  if (!takeUint(bytes, pos, 8, sum) || sum != checksum(payload)) return std::nullopt;
  if (payload[0] != kVersion) return std::nullopt;
  const auto list = static_cast<std::uint8_t>(payload[1]);
  if (list < static_cast<std::uint8_t>(ListKind::Users) ||
      list > static_cast<std::uint8_t>(ListKind::Entries)) {
    return std::nullopt;
  }
  Cursor c;
  c.list = static_cast<ListKind>(list);
  pos = 2;
  std::uint64_t number = 0;
  if (!takeUint(payload, pos, 8, number)) return std::nullopt;
  c.number = static_cast<std::int64_t>(number);
  if (!takeField(payload, pos, c.scope) || !takeField(payload, pos, c.text)) return std::nullopt;
  if (pos != payload.size()) return std::nullopt;
  return c;
}

}  // namespace hdoc::core
