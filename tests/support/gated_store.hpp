// A Store that forwards every call to another one, but can hold its list scans at a gate: a test
// closes the gate, sends requests, sees them arrive (waiting()), and opens it again. It makes "this
// answer was served while that one was still inside the store" observable without timing.
#pragma once

#include <condition_variable>
#include <mutex>

#include "store/store.hpp"

namespace hdoc::testing {

class GatedStore final : public store::Store {
 public:
  explicit GatedStore(store::Store& inner) : inner_(inner) {}

  void close();
  void open();
  // Scans waiting at the closed gate now, and scans started since construction.
  int waiting() const;
  int scans() const;
  // Blocks until at least `n` scans wait at the gate (at most 10 s); false on timeout.
  bool awaitWaiting(int n);

  std::string_view kind() const override { return inner_.kind(); }
  void ping() override { inner_.ping(); }
  void scanUsers(UserOrder order, const std::optional<UserPosition>& after,
                 std::optional<std::size_t> maxItems, const Visitor<core::User>& visit) override {
    pass();
    inner_.scanUsers(order, after, maxItems, visit);
  }
  void scanArticles(std::optional<std::string_view> tag, std::optional<std::int64_t> afterId,
                    std::optional<std::size_t> maxItems, const Visitor<core::Article>& visit) override {
    pass();
    inner_.scanArticles(tag, afterId, maxItems, visit);
  }
  void scanTagCounts(const std::optional<TagPosition>& after, std::optional<std::size_t> maxItems,
                     const Visitor<core::TagCount>& visit) override {
    pass();
    inner_.scanTagCounts(after, maxItems, visit);
  }
  std::optional<core::User> findUser(std::string_view p) override { return inner_.findUser(p); }
  void upsertUsers(std::span<const core::User> u) override { inner_.upsertUsers(u); }
  void upsertArticles(std::span<const core::Article> a) override { inner_.upsertArticles(a); }
  bool deleteUser(std::string_view p) override { return inner_.deleteUser(p); }
  bool deleteArticle(std::int64_t id) override { return inner_.deleteArticle(id); }
  std::optional<core::User> findUserByOwner(std::string_view s) override { return inner_.findUserByOwner(s); }
  void createUser(const core::User& u) override { inner_.createUser(u); }
  bool updateProfile(const core::User& u) override { return inner_.updateProfile(u); }
  std::vector<core::Entry> listEntries(std::string_view p) override { return inner_.listEntries(p); }
  EntryWrite putEntry(const core::Entry& e) override { return inner_.putEntry(e); }
  std::optional<core::Entry> setEntryVerified(std::string_view p, core::Platform pl, int day,
                                              bool v) override {
    return inner_.setEntryVerified(p, pl, day, v);
  }
  std::optional<JourneyLink> findJourneyLink(std::string_view repo) override {
    return inner_.findJourneyLink(repo);
  }
  PushResult recordGithubPush(const GithubPush& push) override { return inner_.recordGithubPush(push); }
  void restoreEntries(std::span<const core::Entry> entries, Figures figures) override {
    inner_.restoreEntries(entries, figures);
  }
  std::optional<core::Article> findArticle(std::int64_t id) override { return inner_.findArticle(id); }
  core::Article createArticle(const core::Article& a) override { return inner_.createArticle(a); }
  bool replaceArticle(const core::Article& a) override { return inner_.replaceArticle(a); }
  std::optional<std::uint64_t> dataVersion() override { return inner_.dataVersion(); }

 private:
  void pass();

  store::Store& inner_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool closed_ = false;
  int waiting_ = 0;
  int scans_ = 0;
};

}  // namespace hdoc::testing
