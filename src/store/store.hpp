// The storage seam. Every read the API makes is one call here with a bounded result, so that a
// key-value store (DynamoDB) can answer each with key lookups and index range reads, and a stateless
// host (Lambda) needs no in-memory copy of the data.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace hdoc::store {

// A failure the API maps to a status code. Anything else thrown by a store is a 500.
class StoreError : public std::runtime_error {
 public:
  enum class Kind {
    Unavailable,  // the store cannot be reached or keeps throttling: 503 with Retry-After
    Conflict,     // a uniqueness or condition check failed: 409
    Invalid,      // the store refused the data as malformed: 400
  };
  StoreError(Kind kind, const std::string& what, int retryAfterSeconds = 1)
      : std::runtime_error(what), kind_(kind), retryAfter_(retryAfterSeconds) {}
  Kind kind() const { return kind_; }
  int retryAfterSeconds() const { return retryAfter_; }

 private:
  Kind kind_;
  int retryAfter_;
};

class Store {
 public:
  virtual ~Store() = default;

  // "sqlite" or "dynamodb", for /healthz and logs.
  virtual std::string_view kind() const = 0;
  // Throws StoreError(Unavailable) when the store cannot answer.
  virtual void ping() = 0;

  // --- reads (orders are the ones in core/ordering.hpp) ---
  // Users in registration order; all of them when limit is nullopt.
  virtual std::vector<core::User> listUsers(std::optional<std::size_t> limit) = 0;
  // Every user in registration order, one at a time (export and unbounded listing).
  virtual void forEachUser(const std::function<void(const core::User&)>& visit) = 0;
  // The user whose githubProfile equals `githubProfile` ASCII-case-insensitively.
  virtual std::optional<core::User> findUser(std::string_view githubProfile) = 0;
  virtual std::vector<core::User> recentUsers(std::size_t limit) = 0;
  virtual std::vector<core::User> leaderboard(std::size_t limit) = 0;
  // Articles by id; with a tag, those whose tag equals it ASCII-case-insensitively.
  virtual std::vector<core::Article> listArticles(std::optional<std::string_view> tag,
                                                  std::optional<std::size_t> limit) = 0;
  virtual void forEachArticle(const std::function<void(const core::Article&)>& visit) = 0;
  virtual std::vector<core::TagCount> tagCounts(std::optional<std::size_t> limit) = 0;

  // --- writes (validated by the caller; each call is atomic) ---
  // Inserts or replaces by key (githubProfile folded / article id). Tag counts follow.
  virtual void upsertUsers(std::span<const core::User> users) = 0;
  virtual void upsertArticles(std::span<const core::Article> articles) = 0;
  // Returns false when there was nothing to delete.
  virtual bool deleteUser(std::string_view githubProfile) = 0;
  virtual bool deleteArticle(std::int64_t id) = 0;

  // A number that changes whenever the data may have changed (in this process or any other), or
  // nullopt when the store cannot tell cheaply; response caches are only used when it can.
  virtual std::optional<std::uint64_t> dataVersion() = 0;
};

}  // namespace hdoc::store
