// Content codings for read responses (RFC 9110 section 8.4): gzip (zlib) and Brotli (libbrotli),
// chosen from Accept-Encoding. Compression happens once per cached representation, never on a hit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hdoc::http {

enum class Coding { identity, gzip, br };

// Bodies smaller than this go out as they are: a compressed frame would barely be smaller and the
// CPU is better spent elsewhere.
inline constexpr std::size_t kMinCompressBytes = 1024;

// The coding to answer with, given an Accept-Encoding field value (RFC 9110 section 12.5.3):
// the acceptable coding (q > 0, "*" covering the ones not named) with the highest q-value, Brotli
// before gzip at equal q (smaller on JSON), identity when neither is acceptable or the field is
// absent. A malformed field gets identity, which every client accepts.
Coding negotiateCoding(std::string_view acceptEncoding);

// "gzip", "br"; "" for identity.
std::string_view codingName(Coding coding);

// `body` compressed with `coding` (gzip: zlib level 6 with a gzip wrapper; br: quality 5, 4 MiB
// window). Throws std::runtime_error if the library fails (out of memory).
std::string compress(std::string_view body, Coding coding);

}  // namespace hdoc::http
