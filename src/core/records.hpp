// Validation of incoming records (import files today, request bodies later): JSON object in,
// model value or the list of what is wrong with it out. Pure: no I/O.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace hdoc::core {

struct FieldError {
  std::string field;
  std::string problem;
};

// Field bounds shared by imports and the write API, so that a written record always exports and
// re-imports. Lengths are in bytes of UTF-8.
inline constexpr std::size_t kMaxNameBytes = 200;
inline constexpr std::size_t kMaxTwitterBytes = 100;
inline constexpr std::size_t kMaxLinkedinBytes = 300;
inline constexpr std::size_t kMaxBioBytes = 2000;
inline constexpr std::size_t kMaxUrlBytes = 2048;
inline constexpr std::size_t kMaxTitleBytes = 300;
inline constexpr std::size_t kMaxSubtitleBytes = 1000;
inline constexpr std::size_t kMaxTagBytes = 100;
inline constexpr std::int64_t kMaxScore = 1'000'000'000;
inline constexpr std::int64_t kMaxArticleId = 9'007'199'254'740'991;  // 2^53-1: exact in JavaScript

template <class T>
struct Validated {
  T value;
  std::vector<FieldError> errors;  // empty when value is valid
  bool ok() const { return errors.empty(); }
};

// A user in the frontend's camelCase shape (users.json) or the older snake_case export
// (users-snake-case.json, recognised by its "github_username" field), mapped field by field.
// Unknown fields are errors, so a typo never silently drops data.
Validated<User> userFromJson(const boost::json::value& record);
Validated<Article> articleFromJson(const boost::json::value& record);

// Checks the invariants every stored user satisfies (the same rules userFromJson applies).
std::vector<FieldError> validateUser(const User& user);
std::vector<FieldError> validateArticle(const Article& article);

// The id given to a snake_case record, which has none: 5 characters derived from the folded
// githubProfile, so that importing the same file twice gives the same ids.
std::string derivedUserId(std::string_view githubProfile);

// Which control characters a text field may hold, the same for imports and the write API. Prose (a
// bio, an article's title and subtitle) is written by people and may be laid out in lines: TAB, LF
// and CR. Every other field (names, handles, URLs, tags, ids) is one line. The other C0 controls and
// DEL are refused everywhere: no page shows them, and they can hide or rewrite text in a terminal.
enum class TextKind { SingleLine, Prose };
bool isAcceptableText(std::string_view s, TextKind kind);
// The reason a field of this kind is refused when isAcceptableText is false.
std::string_view controlCharacterProblem(TextKind kind);

// Field rules shared with the write API.
bool isValidGithubProfile(std::string_view s);
bool isHttpUrl(std::string_view s);

}  // namespace hdoc::core
