// A Store that reports how long each call of the store seam takes, and which calls fail, to a
// core::Telemetry, then does exactly what the store it wraps does. The hosts wrap their store in it
// when metrics are on, so both stores are measured the same way, by call name
// (hdoc_store_operation_duration_seconds{store,operation}; StoreLatency on Lambda).
//
// A scan's time is the store's own: the time spent in the caller's visitor (building the page) is
// taken out. dataVersion() is not measured: every read asks for it, cache hits included, and it
// is an atomic load on SQLite and a cached value most of the time on DynamoDB.
#pragma once

#include <memory>

#include "core/telemetry.hpp"
#include "store/store.hpp"

namespace hdoc::store {

class MeteredStore final : public Store {
 public:
  MeteredStore(std::unique_ptr<Store> inner, core::Telemetry& telemetry)
      : owned_(std::move(inner)), inner_(*owned_), telemetry_(telemetry) {}

  std::string_view kind() const override { return inner_.kind(); }
  void ping() override;

  void scanUsers(UserOrder order, const std::optional<UserPosition>& after,
                 std::optional<std::size_t> maxItems, const Visitor<core::User>& visit) override;
  void scanArticles(std::optional<std::string_view> tag, std::optional<std::int64_t> afterId,
                    std::optional<std::size_t> maxItems, const Visitor<core::Article>& visit) override;
  void scanTagCounts(const std::optional<TagPosition>& after, std::optional<std::size_t> maxItems,
                     const Visitor<core::TagCount>& visit) override;
  std::optional<core::User> findUser(std::string_view githubProfile) override;

  void upsertUsers(std::span<const core::User> users) override;
  void upsertArticles(std::span<const core::Article> articles) override;
  bool deleteUser(std::string_view githubProfile) override;
  bool deleteArticle(std::int64_t id) override;

  std::optional<core::User> findUserByOwner(std::string_view ownerSub) override;
  void createUser(const core::User& user) override;
  bool updateProfile(const core::User& user) override;
  std::vector<core::Entry> listEntries(std::string_view githubProfile) override;
  EntryWrite putEntry(const core::Entry& entry) override;
  std::optional<core::Entry> setEntryVerified(std::string_view githubProfile, core::Platform platform,
                                              int day, bool verified) override;
  std::optional<JourneyLink> findJourneyLink(std::string_view repoFullName) override;
  PushResult recordGithubPush(const GithubPush& push) override;
  void restoreEntries(std::span<const core::Entry> entries, Figures figures) override;
  std::optional<core::Article> findArticle(std::int64_t id) override;
  core::Article createArticle(const core::Article& article) override;
  bool replaceArticle(const core::Article& article) override;

  std::optional<std::uint64_t> dataVersion() override { return inner_.dataVersion(); }

 private:
  // Runs `call`, reporting its duration (less `excluded`, the visitor's share) and its failure.
  template <class Call>
  decltype(auto) measure(std::string_view operation, Call&& call, const double* excluded = nullptr);
  // `visit` timed into `spent`, so that a scan's report leaves the caller's work out.
  template <class T>
  static Visitor<T> timedVisitor(const Visitor<T>& visit, double& spent);

  std::unique_ptr<Store> owned_;
  Store& inner_;
  core::Telemetry& telemetry_;
};

}  // namespace hdoc::store
