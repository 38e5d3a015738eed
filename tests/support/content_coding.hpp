// Decoders for what hdoc encodes (gzip, Brotli), with the libraries' own decoders, so that tests can
// read compressed answers the way a client does.
#pragma once

#include <string>
#include <string_view>

namespace hdoc::testing {

std::string gunzip(std::string_view compressed);
std::string unbrotli(std::string_view compressed);
// The body as the client reads it: decoded per `contentEncoding` ("", "gzip" or "br").
std::string decodedBody(std::string_view body, std::string_view contentEncoding);

}  // namespace hdoc::testing
