#include "auth/auth_error.hpp"

namespace hdoc::auth {

std::string_view authErrorName(AuthErrorKind kind) {
  switch (kind) {
    case AuthErrorKind::MissingToken:
      return "missing_token";
    case AuthErrorKind::Malformed:
      return "malformed";
    case AuthErrorKind::UnsupportedAlgorithm:
      return "unsupported_algorithm";
    case AuthErrorKind::UnknownKey:
      return "unknown_key";
    case AuthErrorKind::BadSignature:
      return "bad_signature";
    case AuthErrorKind::Expired:
      return "expired";
    case AuthErrorKind::NotYetValid:
      return "not_yet_valid";
    case AuthErrorKind::WrongIssuer:
      return "wrong_issuer";
    case AuthErrorKind::WrongAudience:
      return "wrong_audience";
    case AuthErrorKind::WrongTokenUse:
      return "wrong_token_use";
    case AuthErrorKind::KeysUnavailable:
      return "keys_unavailable";
  }
  return "unknown";
}

}  // namespace hdoc::auth
