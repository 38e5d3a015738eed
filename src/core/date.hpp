// Dates as the API carries them: ISO-8601 UTC strings, ordered by the instant they name.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hdoc::core {

// Reads the n decimal digits of s at pos into out; false when s is too short or one is not a digit.
// The building block of every fixed-width date and time field parsed here and in github_push_event.
bool digitsAt(std::string_view s, std::size_t pos, std::size_t n, int& out);

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+00:00)" into milliseconds since the Unix epoch.
// Only UTC is accepted (the API's dates are UTC); returns nullopt for anything else.
std::optional<std::int64_t> parseUtcTimestamp(std::string_view s);

// Parses "YYYY-MM-DD" into days since the Unix epoch; nullopt when malformed or not a real date.
std::optional<std::int64_t> parseDate(std::string_view s);

// Inverse helpers: "YYYY-MM-DDTHH:MM:SSZ" for a second count, "YYYY-MM-DD" for a day count.
std::string formatUtcTimestamp(std::int64_t epochSeconds);
std::string formatDate(std::int64_t epochDays);

// Days since the epoch of a civil date (proleptic Gregorian), and back.
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d);

}  // namespace hdoc::core
