// Shared by the auth tests: one user pool's keys (generated once per test binary), its issuer and app
// client, a fixed clock, and temporary JWKS files.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "auth/verifier.hpp"
#include "support/jwt_forge.hpp"

namespace hdoc::auth::testing {

inline constexpr std::int64_t kNow = 1'700'000'000;  // 2023-11-14T22:13:20Z
inline const std::string kIssuer = cognitoIssuer("eu-west-1", "eu-west-1_AbCdEf123");
inline const std::string kOtherIssuer = cognitoIssuer("eu-west-1", "eu-west-1_ZzOther99");
inline const std::string kClientId = "5r0bq1ga3ve3k2n0fd5rhbqlvc";

inline const test::RsaKeyPair& poolKey() {
  static const test::RsaKeyPair key("pool-key-1");
  return key;
}
inline const test::RsaKeyPair& rotatedPoolKey() {
  static const test::RsaKeyPair key("pool-key-2");
  return key;
}
inline const test::RsaKeyPair& otherPoolKey() {
  static const test::RsaKeyPair key("other-pool-key-1");
  return key;
}

// A directory removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("hdoc-auth-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string write(const std::string& name, const std::string& content) const {
    const auto file = path_ / name;
    std::ofstream(file, std::ios::binary) << content;
    return file.string();
  }

 private:
  std::filesystem::path path_;
};

inline std::string describe(const VerifyResult& result) {
  if (const auto* e = std::get_if<AuthError>(&result)) {
    return std::string(authErrorName(e->kind)) + ": " + e->detail;
  }
  return "principal " + std::get<core::Principal>(result).sub;
}

// Asserts the result is an error of the given kind.
inline ::testing::AssertionResult isError(const VerifyResult& result, AuthErrorKind kind) {
  const auto* e = std::get_if<AuthError>(&result);
  if (e && e->kind == kind) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected " << authErrorName(kind) << ", got " << describe(result);
}

}  // namespace hdoc::auth::testing
