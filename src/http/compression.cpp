#include "http/compression.hpp"

#include <brotli/encode.h>
#include <zlib.h>

#include <stdexcept>

namespace hdoc::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + 32) : a[i];
    const char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] + 32) : b[i];
    if (x != y) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A qvalue (RFC 9110 section 12.4.2) in thousandths: "0", "0.5", "1", "1.000"; -1 when malformed.
int parseQ(std::string_view v) {
  if (v.empty() || (v[0] != '0' && v[0] != '1')) return -1;
  int q = (v[0] - '0') * 1000;
  if (v.size() == 1) return q;
  if (v[1] != '.' || v.size() > 5) return -1;
  int scale = 100;
  for (std::size_t i = 2; i < v.size(); ++i, scale /= 10) {
    if (v[i] < '0' || v[i] > '9') return -1;
    q += (v[i] - '0') * scale;
  }
  return q > 1000 ? -1 : q;
}

}  // namespace

Coding negotiateCoding(std::string_view field) {
  int gzip = -1, br = -1, star = -1;  // q of each, -1: not named
  while (!field.empty()) {
    const auto comma = field.find(',');
    std::string_view item = field.substr(0, comma);
    field = comma == std::string_view::npos ? std::string_view() : field.substr(comma + 1);
    const auto semicolon = item.find(';');
    const std::string_view coding = trim(item.substr(0, semicolon));
    int q = 1000;
    if (semicolon != std::string_view::npos) {
      std::string_view param = trim(item.substr(semicolon + 1));
      if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=')
        return Coding::identity;
      q = parseQ(trim(param.substr(2)));
      if (q < 0) return Coding::identity;
    }
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) gzip = q;
    if (iequals(coding, "br")) br = q;
    if (coding == "*") star = q;
  }
  if (gzip < 0) gzip = star;
  if (br < 0) br = star;
  if (br > 0 && br >= gzip) return Coding::br;
  if (gzip > 0) return Coding::gzip;
  return Coding::identity;
}

std::string_view codingName(Coding coding) {
  switch (coding) {
    case Coding::gzip:
      return "gzip";
    case Coding::br:
      return "br";
    case Coding::identity:
      break;
  }
  return "";
}

std::string compress(std::string_view body, Coding coding) {
  std::string out;
  if (coding == Coding::gzip) {
    z_stream z{};
    // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      throw std::runtime_error("zlib: deflateInit2 failed");
    }
    out.resize(deflateBound(&z, body.size()));
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
    z.avail_in = static_cast<uInt>(body.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error("zlib: deflate failed");
    out.resize(z.total_out);
    return out;
  }
  if (coding == Coding::br) {
    std::size_t size = BrotliEncoderMaxCompressedSize(body.size());
    out.resize(size);
    if (!BrotliEncoderCompress(5, 22, BROTLI_MODE_TEXT, body.size(),
                               reinterpret_cast<const uint8_t*>(body.data()), &size,
                               reinterpret_cast<uint8_t*>(out.data()))) {
      throw std::runtime_error("brotli: compression failed");
    }
    out.resize(size);
    return out;
  }
  return std::string(body);
}

}  // namespace hdoc::http
