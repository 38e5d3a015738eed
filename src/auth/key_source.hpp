// Where the verifier gets its public keys: a JWKS file read once at start-up, or a JWKS URL fetched with
// libcurl, cached, and refetched when a token names an unknown kid, at most once a minute (so a flood of
// tokens with made-up kids cannot make hdoc hammer Cognito). Both are safe to use from many threads.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <variant>

#include "auth/auth_error.hpp"
#include "auth/jwks.hpp"

namespace hdoc::auth {

// Seconds since the Unix epoch; injectable so tests control time.
using Clock = std::function<std::int64_t()>;
Clock systemClock();

inline constexpr std::int64_t kJwksMinRefetchSeconds = 60;

class KeySource {
 public:
  virtual ~KeySource() = default;
  // The key for kid, or UnknownKey / KeysUnavailable.
  virtual std::variant<PublicKey, AuthError> find(std::string_view kid) = 0;
};

class FileKeySource final : public KeySource {
 public:
  // Throws std::runtime_error naming the file when it cannot be read or is not a usable JWKS.
  explicit FileKeySource(const std::string& path);
  std::variant<PublicKey, AuthError> find(std::string_view kid) override;

 private:
  KeySet keys_;
};

class UrlKeySource final : public KeySource {
 public:
  // Nothing is fetched until the first find() (or refresh()), so start-up does not depend on the network.
  UrlKeySource(std::string url, Clock clock);
  std::variant<PublicKey, AuthError> find(std::string_view kid) override;

  // Fetches now if the last attempt is at least a minute old; returns the error of the last attempt
  // (nullopt when it succeeded). For a start-up check and its log line.
  std::optional<std::string> refresh();

 private:
  PublicKey cached(std::string_view kid) const;
  // Called with fetchMutex_ held.
  void fetchIfDue();

  const std::string url_;
  const Clock clock_;
  mutable std::shared_mutex keysMutex_;  // guards keys_ (read by every verify)
  std::optional<KeySet> keys_;
  std::mutex fetchMutex_;  // one fetch at a time; guards lastAttempt_ and lastError_
  std::optional<std::int64_t> lastAttempt_;
  std::optional<std::string> lastError_;
};

// GETs url with libcurl (http/https only, no redirects, 5 s to connect, 10 s in all, at most 1 MiB);
// throws std::runtime_error unless the answer is a 200.
std::string httpGet(const std::string& url);

}  // namespace hdoc::auth
