// SqliteStore: the reads. Lists are keyset range reads (queries.hpp); a scan steps its statement
// only as far as the visitor takes items, so a page never reads past its end.
#include <limits>

#include "core/text.hpp"
#include "store/sqlite/queries.hpp"
#include "store/sqlite/store_impl.hpp"

namespace hdoc::store {

namespace sql = sqlite::sql;

using sqlite::Statement;

namespace {

// SQLite treats a negative LIMIT as "no limit".
std::int64_t sqlLimit(std::optional<std::size_t> limit) {
  return limit ? static_cast<std::int64_t>(*limit) : -1;
}

// Below every stored key: a scan "after" it starts at the first row. Every stored first field is
// greater (join millis, negated scores and counts are all far above the minimum).
constexpr std::int64_t kBeforeAll = std::numeric_limits<std::int64_t>::min();

template <class T, class Read>
void visitRows(Statement& stmt, const Store::Visitor<T>& visit, Read read) {
  while (stmt.step()) {
    if (!visit(read(stmt))) return;
  }
}

}  // namespace

void SqliteStore::scanUsers(UserOrder order, const std::optional<UserPosition>& after,
                            std::optional<std::size_t> maxItems, const Visitor<core::User>& visit) {
  if (maxItems && *maxItems == 0) return;
  const std::string* query = &sql::kScanRegistration;
  std::int64_t first = after ? after->rank : kBeforeAll;
  if (order == UserOrder::Recent) {
    query = &sql::kScanRecent;  // recent_key = -joined_ms
    if (after) first = -after->rank;
  } else if (order == UserOrder::Leaderboard) {
    query = &sql::kScanLeaderboard;  // rank_key = -total score
    if (after) first = -after->rank;
  }
  Impl::Lease conn(*impl_);
  auto stmt = conn->prepare(*query);
  stmt.bind(1, first)
      .bind(2, after ? std::string_view(after->githubProfile) : "")
      .bind(3, sqlLimit(maxItems));
  visitRows(stmt, visit, sqlite::readUser);
}

std::optional<core::User> SqliteStore::findUser(std::string_view githubProfile) {
  Impl::Lease conn(*impl_);
  auto stmt = conn->prepare(sql::kFindUser);
  stmt.bind(1, core::asciiFold(githubProfile));
  if (!stmt.step()) return std::nullopt;
  return sqlite::readUser(stmt);
}

void SqliteStore::scanArticles(std::optional<std::string_view> tag, std::optional<std::int64_t> afterId,
                               std::optional<std::size_t> maxItems, const Visitor<core::Article>& visit) {
  if (maxItems && *maxItems == 0) return;
  Impl::Lease conn(*impl_);
  auto stmt = conn->prepare(tag ? sql::kScanArticlesByTag : sql::kScanArticles);
  const std::int64_t after = afterId.value_or(kBeforeAll);
  if (tag) {
    stmt.bind(1, core::asciiFold(*tag)).bind(2, after).bind(3, sqlLimit(maxItems));
  } else {
    stmt.bind(1, after).bind(2, sqlLimit(maxItems));
  }
  visitRows(stmt, visit, sqlite::readArticle);
}

void SqliteStore::scanTagCounts(const std::optional<TagPosition>& after, std::optional<std::size_t> maxItems,
                                const Visitor<core::TagCount>& visit) {
  if (maxItems && *maxItems == 0) return;
  Impl::Lease conn(*impl_);
  auto stmt = conn->prepare(sql::kScanTagCounts);
  stmt.bind(1, after ? -after->count : kBeforeAll)  // rank_key = -count
      .bind(2, after ? std::string_view(after->tag) : "")
      .bind(3, sqlLimit(maxItems));
  visitRows(stmt, visit, [](const Statement& s) { return core::TagCount{s.text(0), s.integer(1)}; });
}

std::optional<core::User> SqliteStore::findUserByOwner(std::string_view ownerSub) {
  if (ownerSub.empty()) return std::nullopt;
  Impl::Lease conn(*impl_);
  auto stmt = conn->prepare(sql::kFindUserByOwner);
  stmt.bind(1, ownerSub);
  if (!stmt.step()) return std::nullopt;
  return sqlite::readUser(stmt);
}

std::vector<core::Entry> SqliteStore::listEntries(std::string_view githubProfile) {
  const std::string fold = core::asciiFold(githubProfile);
  Impl::Lease conn(*impl_);
  const auto profile = sqlite::profileOf(*conn, fold);
  if (!profile) return {};
  return sqlite::entriesOf(*conn, fold, *profile);
}

std::optional<core::Article> SqliteStore::findArticle(std::int64_t id) {
  Impl::Lease conn(*impl_);
  auto stmt = conn->prepare(sql::kFindArticle);
  stmt.bind(1, id);
  if (!stmt.step()) return std::nullopt;
  return sqlite::readArticle(stmt);
}

}  // namespace hdoc::store
