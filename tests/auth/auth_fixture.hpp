// Shared by the auth tests: one user pool's keys (generated once per test binary), its issuer and app
// client, a fixed clock, and temporary JWKS files (support/temp_dir.hpp).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "auth/verifier.hpp"
#include "support/jwt_forge.hpp"
#include "support/temp_dir.hpp"

namespace hdoc::testing {

inline constexpr std::int64_t kNow = 1'700'000'000;  // 2023-11-14T22:13:20Z
inline const std::string kIssuer = auth::cognitoIssuer("eu-west-1", "eu-west-1_AbCdEf123");
inline const std::string kOtherIssuer = auth::cognitoIssuer("eu-west-1", "eu-west-1_ZzOther99");
inline const std::string kClientId = "5r0bq1ga3ve3k2n0fd5rhbqlvc";

inline const testing::RsaKeyPair& poolKey() {
  static const testing::RsaKeyPair key("pool-key-1");
  return key;
}
inline const testing::RsaKeyPair& rotatedPoolKey() {
  static const testing::RsaKeyPair key("pool-key-2");
  return key;
}
inline const testing::RsaKeyPair& otherPoolKey() {
  static const testing::RsaKeyPair key("other-pool-key-1");
  return key;
}

inline std::string describe(const auth::VerifyResult& result) {
  if (const auto* e = std::get_if<auth::AuthError>(&result)) {
    return std::string(auth::authErrorName(e->kind)) + ": " + e->detail;
  }
  return "principal " + std::get<core::Principal>(result).sub;
}

// Asserts the result is an error of the given kind.
inline ::testing::AssertionResult isError(const auth::VerifyResult& result, auth::AuthErrorKind kind) {
  const auto* e = std::get_if<auth::AuthError>(&result);
  if (e && e->kind == kind) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "expected " << auth::authErrorName(kind) << ", got " << describe(result);
}

}  // namespace hdoc::testing
