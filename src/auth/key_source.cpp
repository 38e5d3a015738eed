#include "auth/key_source.hpp"

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace hdoc::auth {
namespace {

KeySet parseOrThrow(std::string_view json, const std::string& origin) {
  auto parsed = parseJwks(json);
  if (auto* error = std::get_if<JwksError>(&parsed)) {
    throw std::runtime_error(origin + ": " + error->message);
  }
  return std::get<KeySet>(std::move(parsed));
}

AuthError unknownKid(std::string_view kid) {
  return AuthError{AuthErrorKind::UnknownKey, "no key with kid \"" + std::string(kid.substr(0, 100)) + "\""};
}

}  // namespace

Clock systemClock() {
  return [] {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

FileKeySource::FileKeySource(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("JWKS file " + path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  keys_ = parseOrThrow(text.str(), "JWKS file " + path);
}

std::variant<PublicKey, AuthError> FileKeySource::find(std::string_view kid) {
  if (PublicKey key = keys_.find(kid)) return key;
  return unknownKid(kid);
}

UrlKeySource::UrlKeySource(std::string url, Clock clock) : url_(std::move(url)), clock_(std::move(clock)) {}

PublicKey UrlKeySource::cached(std::string_view kid) const {
  std::shared_lock lock(keysMutex_);
  return keys_ ? keys_->find(kid) : nullptr;
}

void UrlKeySource::fetchIfDue() {
  const std::int64_t now = clock_();
  if (lastAttempt_ && now - *lastAttempt_ < kJwksMinRefetchSeconds) return;
  lastAttempt_ = now;
  try {
    KeySet fresh = parseOrThrow(httpGet(url_), "JWKS " + url_);
    std::unique_lock lock(keysMutex_);
    keys_ = std::move(fresh);
    lastError_.reset();
  } catch (const std::exception& e) {
    lastError_ = e.what();  // keep the keys we have: a failed refresh must not lock everyone out
  }
}

std::variant<PublicKey, AuthError> UrlKeySource::find(std::string_view kid) {
  if (PublicKey key = cached(kid)) return key;
  std::lock_guard fetchLock(fetchMutex_);
  // Another thread may have fetched while this one waited for the lock.
  if (PublicKey key = cached(kid)) return key;
  fetchIfDue();
  if (PublicKey key = cached(kid)) return key;
  bool haveKeys;
  {
    std::shared_lock lock(keysMutex_);
    haveKeys = keys_.has_value();
  }
  if (!haveKeys) {
    return AuthError{AuthErrorKind::KeysUnavailable, lastError_.value_or("the JWKS has not been fetched")};
  }
  return unknownKid(kid);
}

std::optional<std::string> UrlKeySource::refresh() {
  std::lock_guard fetchLock(fetchMutex_);
  fetchIfDue();
  return lastError_;
}

}  // namespace hdoc::auth
