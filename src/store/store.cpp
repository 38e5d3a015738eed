#include "store/store.hpp"

namespace hdoc::store {
namespace {

template <class T>
Store::Visitor<T> into(std::vector<T>& out) {
  return [&out](T&& item) {
    out.push_back(std::move(item));
    return true;
  };
}

}  // namespace

std::vector<core::User> Store::listUsers(std::optional<std::size_t> limit) {
  std::vector<core::User> out;
  scanUsers(UserOrder::Registration, std::nullopt, limit, into(out));
  return out;
}

void Store::forEachUser(const std::function<void(const core::User&)>& visit) {
  scanUsers(UserOrder::Registration, std::nullopt, std::nullopt, [&](core::User&& u) {
    visit(u);
    return true;
  });
}

std::vector<core::User> Store::recentUsers(std::size_t limit) {
  std::vector<core::User> out;
  scanUsers(UserOrder::Recent, std::nullopt, limit, into(out));
  return out;
}

std::vector<core::User> Store::leaderboard(std::size_t limit) {
  std::vector<core::User> out;
  scanUsers(UserOrder::Leaderboard, std::nullopt, limit, into(out));
  return out;
}

std::vector<core::Article> Store::listArticles(std::optional<std::string_view> tag,
                                               std::optional<std::size_t> limit) {
  std::vector<core::Article> out;
  scanArticles(tag, std::nullopt, limit, into(out));
  return out;
}

void Store::forEachArticle(const std::function<void(const core::Article&)>& visit) {
  scanArticles(std::nullopt, std::nullopt, std::nullopt, [&](core::Article&& a) {
    visit(a);
    return true;
  });
}

std::vector<core::TagCount> Store::tagCounts(std::optional<std::size_t> limit) {
  std::vector<core::TagCount> out;
  scanTagCounts(std::nullopt, limit, into(out));
  return out;
}

}  // namespace hdoc::store
