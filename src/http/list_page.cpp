#include "http/list_page.hpp"

#include "core/query.hpp"
#include "http/canonical_target.hpp"
#include "http/problem.hpp"
#include "http/refusal.hpp"
#include "http/routes.hpp"

namespace hdoc::http {
namespace {

[[noreturn]] void badParam(const Call& call, std::string name, std::string reason) {
  std::string detail = "query parameter '" + name + "' " + reason;
  refuse(problem(400, detail, call.target.path, {core::ParamError{std::move(name), std::move(reason)}}));
}

}  // namespace

PageRequest readPageRequest(const Call& call, core::ListKind list, std::string_view scope,
                            std::optional<std::size_t> defaultLimit, const std::string* limitFromPath) {
  const Target& t = call.target;
  PageRequest out;
  out.limit = defaultLimit;
  const std::size_t limits = t.count("limit") + (limitFromPath ? 1 : 0);
  if (limits > 1) {
    badParam(
        call, "limit",
        limitFromPath ? "must not be given both in the path and the query" : "must be given at most once");
  }
  if (limits == 1) {
    std::string why;
    auto value = core::parseLimit(limitFromPath ? std::string_view(*limitFromPath) : *t.first("limit"), why);
    if (!value) badParam(call, "limit", why);
    out.limit = value;
  }
  const std::size_t cursors = t.count("cursor");
  if (cursors > 1) badParam(call, "cursor", "must be given at most once");
  if (cursors == 1) {
    auto cursor = core::decodeCursor(*t.first("cursor"));
    if (!cursor) badParam(call, "cursor", "is not a cursor this API gave out (changed or truncated)");
    if (auto why = core::cursorProblem(*cursor, list, scope)) badParam(call, "cursor", *why);
    out.after = std::move(cursor);
  }
  return out;
}

Response pageResponse(const Call& call, std::string body, const std::optional<core::Cursor>& next) {
  Response res;
  res.body = std::move(body);
  if (!next) return res;
  const std::string cursor = core::encodeCursor(*next);
  const auto target = canonicalTarget(call.route, call.route.get, call.target, call.params, cursor);
  if (target) res.set("Link", "<" + *target + ">; rel=\"next\"");
  return res;
}

}  // namespace hdoc::http
