#include "support/content_coding.hpp"

#include <brotli/decode.h>
#include <zlib.h>

#include <stdexcept>

namespace hdoc::testing {

std::string gunzip(std::string_view in) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) throw std::runtime_error("inflateInit2");
  std::string out;
  char buffer[65536];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("not a complete gzip stream");
  return out;
}

std::string unbrotli(std::string_view in) {
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  std::string out;
  std::size_t availableIn = in.size();
  const auto* next = reinterpret_cast<const uint8_t*>(in.data());
  BrotliDecoderResult rc = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    uint8_t buffer[65536];
    std::size_t availableOut = sizeof buffer;
    uint8_t* nextOut = buffer;
    rc = BrotliDecoderDecompressStream(state, &availableIn, &next, &availableOut, &nextOut, nullptr);
    out.append(reinterpret_cast<char*>(buffer), sizeof buffer - availableOut);
  }
  BrotliDecoderDestroyInstance(state);
  if (rc != BROTLI_DECODER_RESULT_SUCCESS) throw std::runtime_error("not a complete Brotli stream");
  return out;
}

std::string decodedBody(std::string_view body, std::string_view contentEncoding) {
  if (contentEncoding == "gzip") return gunzip(body);
  if (contentEncoding == "br") return unbrotli(body);
  return std::string(body);
}

}  // namespace hdoc::testing
