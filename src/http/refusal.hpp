// A handler's early exit. The steps of a handler (read the body, find the record, check the rule)
// each either give their value or end the call with a refusal; throwing the refusal lets the
// handler read as its steps, with no check after each one. The dispatcher (api.cpp) answers it.
#pragma once

#include <utility>
#include <variant>

#include "http/message.hpp"

namespace hdoc::http {

struct Refusal {
  Response response;
};

[[noreturn]] inline void refuse(Response response) {
  throw Refusal{std::move(response)};
}

// The value, or the refusal thrown.
template <class T>
T orRefuse(std::variant<T, Response>&& outcome) {
  if (auto* refused = std::get_if<Response>(&outcome)) refuse(std::move(*refused));
  return std::get<T>(std::move(outcome));
}

}  // namespace hdoc::http
