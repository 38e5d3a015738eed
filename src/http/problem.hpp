// RFC 9457 problem details: every error hdoc answers is one of these.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/query.hpp"
#include "http/message.hpp"

namespace hdoc::http {

inline constexpr std::string_view kJsonType = "application/json; charset=utf-8";
inline constexpr std::string_view kProblemType = "application/problem+json";

// The standard reason phrase of a status code ("Not Found"); "Unknown" for others.
std::string_view reasonPhrase(int status);

// A problem+json response: type about:blank, title = reason phrase, the given detail, the
// request path as instance, and the rejected parameters (if any) as "invalid-params".
Response problem(int status, std::string_view detail, std::string_view instance = {},
                 const std::vector<core::ParamError>& invalid = {});

}  // namespace hdoc::http
