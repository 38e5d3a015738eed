// What every list route shares: reading `limit` and `cursor`, filling one page in list order, and
// the `Link: rel="next"` of a page the list goes on after.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "core/cursor.hpp"
#include "core/page.hpp"
#include "http/handler.hpp"

namespace hdoc::http {

struct PageRequest {
  std::optional<std::size_t> limit;  // nullopt: as many as fit in the page's bytes
  std::optional<core::Cursor> after;
};

// `limit` from the query (or the path, for /leaderboard/{N}), falling back to `defaultLimit`;
// `cursor` decoded and checked against the list and scope it must continue. Refuses (http/refusal.hpp)
// with 400 problem+json naming the parameter.
PageRequest readPageRequest(const Call& call, core::ListKind list, std::string_view scope,
                            std::optional<std::size_t> defaultLimit,
                            const std::string* limitFromPath = nullptr);

// The 200 answer of a page: its body, and the next link when `next` names where it ended and
// more items follow.
Response pageResponse(const Call& call, std::string body, const std::optional<core::Cursor>& next);

// Fills one page from a store scan. `scan(readLimit, visitor)` runs the scan; `positionOf(item)`
// is the cursor of an item, asked only of the page's last item.
template <class T, class Scan, class PositionOf>
Response listPage(const Call& call, const PageRequest& request, std::size_t pageBytes, Scan&& scan,
                  PositionOf&& positionOf) {
  core::JsonPage page(request.limit, pageBytes);
  std::optional<T> last;
  scan(page.readLimit(), [&](T&& item) {
    if (!page.offer(item)) return false;
    last = std::move(item);
    return true;
  });
  std::optional<core::Cursor> next;
  if (page.hasMore() && last) next = positionOf(*last);
  return pageResponse(call, std::move(page).finish(), next);
}

}  // namespace hdoc::http
