// Fuzz inputs for the HTTP API are written as readable request text, so that seed corpora and
// regression inputs can be read and edited by hand:
//
//   METHOD TARGET [anything]\n      (the request line; "\r\n" works too)
//   Name: value\n                   (headers, until an empty line)
//   \n
//   body bytes...
//
// Every byte string maps to some Request (missing parts are empty): the fuzzer explores the API,
// not this format.
#pragma once

#include <string_view>

#include "http/message.hpp"

namespace hdoc::fuzz {

http::Request requestFromText(std::string_view text);

}  // namespace hdoc::fuzz
