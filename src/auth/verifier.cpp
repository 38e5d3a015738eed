#include "auth/verifier.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "auth/jwt.hpp"

namespace hdoc::auth {
namespace {

namespace json = boost::json;

AuthError error(AuthErrorKind kind, std::string detail) {
  return AuthError{kind, std::move(detail)};
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool isSpace(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

// A JSON NumericDate (RFC 7519 section 2): seconds, possibly fractional; nullopt when not a number.
std::optional<std::int64_t> numericDate(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) {
    return v.get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
               ? std::numeric_limits<std::int64_t>::max()
               : static_cast<std::int64_t>(v.get_uint64());
  }
  if (v.is_double() && std::isfinite(v.get_double())) {
    // Clamped far beyond any real date, so the conversion is always defined.
    return static_cast<std::int64_t>(std::clamp(std::floor(v.get_double()), -1e15, 1e15));
  }
  return std::nullopt;
}

// Claim readers: absent gives nullptr/nullopt; present with the wrong type sets `bad`.
class Claims {
 public:
  explicit Claims(const json::object& obj) : obj_(obj) {}

  const json::string* string(std::string_view name) {
    auto it = obj_.find(name);
    if (it == obj_.end()) return nullptr;
    if (!it->value().is_string()) {
      bad_ = "claim \"" + std::string(name) + "\" must be a string";
      return nullptr;
    }
    return &it->value().get_string();
  }

  std::optional<std::int64_t> date(std::string_view name) {
    auto it = obj_.find(name);
    if (it == obj_.end()) return std::nullopt;
    auto d = numericDate(it->value());
    if (!d) bad_ = "claim \"" + std::string(name) + "\" must be a number";
    return d;
  }

  const json::value* raw(std::string_view name) const {
    auto it = obj_.find(name);
    return it == obj_.end() ? nullptr : &it->value();
  }

  const std::optional<std::string>& bad() const { return bad_; }

 private:
  const json::object& obj_;
  std::optional<std::string> bad_;
};

// `aud` is a string or an array of strings (RFC 7519 section 4.1.3); Cognito sends a string.
bool audienceContains(const json::value& aud, std::string_view clientId) {
  if (aud.is_string()) return aud.get_string() == clientId;
  if (!aud.is_array()) return false;
  for (const json::value& v : aud.get_array()) {
    if (v.is_string() && v.get_string() == clientId) return true;
  }
  return false;
}

VerifyResult principalFrom(const json::object& payload, const VerifierConfig& config, std::int64_t now) {
  Claims claims(payload);
  const json::string* iss = claims.string("iss");
  if (!iss || *iss != config.issuer) {
    return error(AuthErrorKind::WrongIssuer, "the token was not issued by the configured user pool");
  }
  const json::string* tokenUse = claims.string("token_use");
  const bool isId = tokenUse && *tokenUse == "id";
  if (!isId && !(tokenUse && *tokenUse == "access")) {
    return error(AuthErrorKind::WrongTokenUse, "token_use must be \"id\" or \"access\"");
  }
  if (isId) {
    const json::value* aud = claims.raw("aud");
    if (!aud || !audienceContains(*aud, config.clientId)) {
      return error(AuthErrorKind::WrongAudience, "the id token's aud is not this app client");
    }
  } else {
    const json::string* clientId = claims.string("client_id");
    if (!clientId || *clientId != config.clientId) {
      return error(AuthErrorKind::WrongAudience, "the access token's client_id is not this app client");
    }
  }

  const auto exp = claims.date("exp");
  const auto nbf = claims.date("nbf");
  const auto iat = claims.date("iat");
  if (claims.bad()) return error(AuthErrorKind::Malformed, *claims.bad());
  if (!exp) return error(AuthErrorKind::Malformed, "the token has no \"exp\" claim");
  const std::int64_t leeway = config.leewaySeconds;
  // RFC 7519 4.1.4: the token must not be accepted on or after exp.
  if (now - leeway >= *exp) return error(AuthErrorKind::Expired, "the token has expired");
  if (nbf && *nbf > now + leeway) return error(AuthErrorKind::NotYetValid, "the token is not valid yet");
  if (iat && *iat > now + leeway)
    return error(AuthErrorKind::NotYetValid, "the token was issued in the future");

  core::Principal principal;
  const json::string* sub = claims.string("sub");
  const json::string* username = claims.string(isId ? "cognito:username" : "username");
  const json::string* email = claims.string("email");
  if (claims.bad()) return error(AuthErrorKind::Malformed, *claims.bad());
  if (!sub || sub->empty()) return error(AuthErrorKind::Malformed, "the token has no \"sub\" claim");
  if (!username || username->empty()) {
    return error(AuthErrorKind::Malformed, isId ? "the id token has no \"cognito:username\" claim"
                                                : "the access token has no \"username\" claim");
  }
  principal.sub = *sub;
  principal.username = *username;
  if (email) principal.email = *email;
  if (const json::value* groups = claims.raw("cognito:groups")) {
    if (!groups->is_array()) return error(AuthErrorKind::Malformed, "\"cognito:groups\" must be an array");
    for (const json::value& g : groups->get_array()) {
      if (!g.is_string()) return error(AuthErrorKind::Malformed, "\"cognito:groups\" must hold strings");
      principal.groups.emplace_back(g.get_string());
    }
  }
  return principal;
}

}  // namespace

std::string cognitoIssuer(std::string_view region, std::string_view userPoolId) {
  return "https://cognito-idp." + std::string(region) + ".amazonaws.com/" + std::string(userPoolId);
}

TokenVerifier::TokenVerifier(VerifierConfig config, Clock clock)
    : config_(std::move(config)), clock_(clock ? std::move(clock) : systemClock()) {
  if (config_.issuer.empty()) throw std::invalid_argument("the token issuer must be set");
  if (config_.clientId.empty()) throw std::invalid_argument("the app client id must be set");
  if (config_.leewaySeconds < 0 || config_.leewaySeconds > kMaxLeewaySeconds) {
    throw std::invalid_argument("the clock leeway must be from 0 to 60 seconds");
  }
  if (config_.jwksFile.empty() == config_.jwksUrl.empty()) {
    throw std::invalid_argument("give exactly one of --jwks FILE and --jwks-url URL");
  }
  if (!config_.jwksFile.empty()) {
    keys_ = std::make_unique<FileKeySource>(config_.jwksFile);
  } else {
    if (!config_.jwksUrl.starts_with("https://") && !config_.jwksUrl.starts_with("http://")) {
      throw std::invalid_argument("--jwks-url must be an http(s) URL");
    }
    keys_ = std::make_unique<UrlKeySource>(config_.jwksUrl, clock_);
  }
}

TokenVerifier::~TokenVerifier() = default;
TokenVerifier::TokenVerifier(TokenVerifier&&) noexcept = default;
TokenVerifier& TokenVerifier::operator=(TokenVerifier&&) noexcept = default;

VerifyResult TokenVerifier::verify(std::string_view header) const {
  header = trim(header);
  if (header.empty()) return error(AuthErrorKind::MissingToken, "an Authorization: Bearer token is required");
  constexpr std::string_view kScheme = "bearer";
  const bool startsWithScheme =
      header.size() >= kScheme.size() && std::equal(kScheme.begin(), kScheme.end(), header.begin(),
                                                    [](char a, char b) { return a == lower(b); });
  if (startsWithScheme && header.size() == kScheme.size()) {
    return error(AuthErrorKind::MissingToken, "the Bearer token is empty");
  }
  if (!startsWithScheme || !isSpace(header[kScheme.size()])) {
    return error(AuthErrorKind::Malformed, "the Authorization scheme must be Bearer");
  }
  return verifyToken(trim(header.substr(kScheme.size())));
}

VerifyResult TokenVerifier::verifyToken(std::string_view jwt) const {
  if (jwt.empty()) return error(AuthErrorKind::MissingToken, "the Bearer token is empty");
  auto split = splitRs256Jwt(jwt);
  if (auto* e = std::get_if<AuthError>(&split)) return std::move(*e);
  const SignedJwt& token = std::get<SignedJwt>(split);

  auto key = keys_->find(token.kid);
  if (auto* e = std::get_if<AuthError>(&key)) return std::move(*e);
  if (!verifyRs256(std::get<PublicKey>(key).get(), token.signingInput, token.signature)) {
    return error(AuthErrorKind::BadSignature, "the token's signature does not verify");
  }
  // Only a signed payload is parsed: nothing an attacker wrote reaches the JSON parser unverified
  // except the header.
  auto payload = parseJsonObject(token.payloadBytes, "payload");
  if (auto* e = std::get_if<AuthError>(&payload)) return std::move(*e);
  return principalFrom(std::get<json::object>(payload), config_, clock_());
}

std::optional<std::string> TokenVerifier::prefetchKeys() const {
  if (auto* url = dynamic_cast<UrlKeySource*>(keys_.get())) return url->refresh();
  return std::nullopt;
}

}  // namespace hdoc::auth
