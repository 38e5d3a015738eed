#include "store/metered_store.hpp"

#include <chrono>

namespace hdoc::store {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string_view errorKind(const StoreError& e) {
  switch (e.kind()) {
    case StoreError::Kind::Unavailable:
      return "unavailable";
    case StoreError::Kind::Conflict:
      return "conflict";
    case StoreError::Kind::Invalid:
      return "invalid";
  }
  return "other";
}

}  // namespace

template <class Call>
decltype(auto) MeteredStore::measure(std::string_view operation, Call&& call, const double* excluded) {
  struct Report {
    MeteredStore& self;
    std::string_view operation;
    const double* excluded;
    Clock::time_point start = Clock::now();
    ~Report() {
      const double seconds = secondsSince(start) - (excluded ? *excluded : 0.0);
      self.telemetry_.storeOperation(self.inner_.kind(), operation, seconds > 0 ? seconds : 0.0);
    }
  } report{*this, operation, excluded};
  try {
    return call();
  } catch (const StoreError& e) {
    telemetry_.storeError(errorKind(e));
    throw;
  } catch (...) {
    telemetry_.storeError("other");
    throw;
  }
}

template <class T>
Store::Visitor<T> MeteredStore::timedVisitor(const Visitor<T>& visit, double& spent) {
  return [&visit, &spent](T&& item) {
    const auto start = Clock::now();
    const bool more = visit(std::move(item));
    spent += secondsSince(start);
    return more;
  };
}

void MeteredStore::ping() {
  measure("ping", [&] { inner_.ping(); });
}

void MeteredStore::scanUsers(UserOrder order, const std::optional<UserPosition>& after,
                             std::optional<std::size_t> maxItems, const Visitor<core::User>& visit) {
  double inVisitor = 0;
  const auto timed = timedVisitor(visit, inVisitor);
  measure(
      "scanUsers", [&] { inner_.scanUsers(order, after, maxItems, timed); }, &inVisitor);
}

void MeteredStore::scanArticles(std::optional<std::string_view> tag, std::optional<std::int64_t> afterId,
                                std::optional<std::size_t> maxItems, const Visitor<core::Article>& visit) {
  double inVisitor = 0;
  const auto timed = timedVisitor(visit, inVisitor);
  measure(
      "scanArticles", [&] { inner_.scanArticles(tag, afterId, maxItems, timed); }, &inVisitor);
}

void MeteredStore::scanTagCounts(const std::optional<TagPosition>& after, std::optional<std::size_t> maxItems,
                                 const Visitor<core::TagCount>& visit) {
  double inVisitor = 0;
  const auto timed = timedVisitor(visit, inVisitor);
  measure(
      "scanTagCounts", [&] { inner_.scanTagCounts(after, maxItems, timed); }, &inVisitor);
}

std::optional<core::User> MeteredStore::findUser(std::string_view githubProfile) {
  return measure("findUser", [&] { return inner_.findUser(githubProfile); });
}

void MeteredStore::upsertUsers(std::span<const core::User> users) {
  measure("upsertUsers", [&] { inner_.upsertUsers(users); });
}

void MeteredStore::upsertArticles(std::span<const core::Article> articles) {
  measure("upsertArticles", [&] { inner_.upsertArticles(articles); });
}

bool MeteredStore::deleteUser(std::string_view githubProfile) {
  return measure("deleteUser", [&] { return inner_.deleteUser(githubProfile); });
}

bool MeteredStore::deleteArticle(std::int64_t id) {
  return measure("deleteArticle", [&] { return inner_.deleteArticle(id); });
}

std::optional<core::User> MeteredStore::findUserByOwner(std::string_view ownerSub) {
  return measure("findUserByOwner", [&] { return inner_.findUserByOwner(ownerSub); });
}

void MeteredStore::createUser(const core::User& user) {
  measure("createUser", [&] { inner_.createUser(user); });
}

bool MeteredStore::updateProfile(const core::User& user) {
  return measure("updateProfile", [&] { return inner_.updateProfile(user); });
}

std::vector<core::Entry> MeteredStore::listEntries(std::string_view githubProfile) {
  return measure("listEntries", [&] { return inner_.listEntries(githubProfile); });
}

Store::EntryWrite MeteredStore::putEntry(const core::Entry& entry) {
  return measure("putEntry", [&] { return inner_.putEntry(entry); });
}

std::optional<core::Entry> MeteredStore::setEntryVerified(std::string_view githubProfile,
                                                          core::Platform platform, int day, bool verified) {
  return measure("setEntryVerified",
                 [&] { return inner_.setEntryVerified(githubProfile, platform, day, verified); });
}

std::optional<Store::JourneyLink> MeteredStore::findJourneyLink(std::string_view repoFullName) {
  return measure("findJourneyLink", [&] { return inner_.findJourneyLink(repoFullName); });
}

Store::PushResult MeteredStore::recordGithubPush(const GithubPush& push) {
  return measure("recordGithubPush", [&] { return inner_.recordGithubPush(push); });
}

void MeteredStore::restoreEntries(std::span<const core::Entry> entries, Figures figures) {
  measure("restoreEntries", [&] { inner_.restoreEntries(entries, figures); });
}

std::optional<core::Article> MeteredStore::findArticle(std::int64_t id) {
  return measure("findArticle", [&] { return inner_.findArticle(id); });
}

core::Article MeteredStore::createArticle(const core::Article& article) {
  return measure("createArticle", [&] { return inner_.createArticle(article); });
}

bool MeteredStore::replaceArticle(const core::Article& article) {
  return measure("replaceArticle", [&] { return inner_.replaceArticle(article); });
}

}  // namespace hdoc::store
