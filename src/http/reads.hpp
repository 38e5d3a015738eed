// The read routes' handlers (public, GET and HEAD). Lists answer one page (core/page.hpp): at most
// `limit` items and the page's byte budget, with `Link: <...>; rel="next"` (RFC 8288) when more
// follow, whose `cursor` (core/cursor.hpp) continues the list where the page ended.
#pragma once

#include "http/handler.hpp"

namespace hdoc::http {

Response health(Services& services, const Call& call);
Response listUsers(Services& services, const Call& call);
Response recentUsers(Services& services, const Call& call);
Response getUser(Services& services, const Call& call);
Response listEntries(Services& services, const Call& call);
Response leaderboard(Services& services, const Call& call);
Response listArticles(Services& services, const Call& call);
Response tagCounts(Services& services, const Call& call);

}  // namespace hdoc::http
