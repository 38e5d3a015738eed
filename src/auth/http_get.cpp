// httpGet (declared in key_source.hpp): the JWKS download, with libcurl.
#include <curl/curl.h>

#include <cstdlib>

#include <memory>
#include <mutex>
#include <stdexcept>

#include "auth/key_source.hpp"

namespace hdoc::auth {
namespace {

constexpr std::size_t kMaxBodyBytes = 1024 * 1024;

struct Body {
  std::string text;
  bool tooLarge = false;
};

std::size_t appendBody(char* data, std::size_t size, std::size_t count, void* userdata) {
  auto* body = static_cast<Body*>(userdata);
  const std::size_t n = size * count;
  if (body->text.size() + n > kMaxBodyBytes) {
    body->tooLarge = true;
    return 0;  // makes curl abort the transfer
  }
  body->text.append(data, n);
  return n;
}

struct CurlFree {
  void operator()(CURL* p) const { curl_easy_cleanup(p); }
};

}  // namespace

std::string httpGet(const std::string& url) {
  static std::once_flag globalInit;
  std::call_once(globalInit, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

  std::unique_ptr<CURL, CurlFree> curl(curl_easy_init());
  if (!curl) throw std::runtime_error("cannot start libcurl");
  Body body;
  char errorBuffer[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  // The Lambda package carries its own CA bundle: Amazon Linux keeps it elsewhere than Debian's curl looks.
  if (const char* ca = std::getenv("HDOC_CA_BUNDLE"); ca && *ca) curl_easy_setopt(c, CURLOPT_CAINFO, ca);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // we run on server threads: no SIGALRM for DNS timeouts
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, appendBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorBuffer);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "hdoc");
  const CURLcode rc = curl_easy_perform(c);
  if (body.tooLarge) throw std::runtime_error("the answer is larger than 1 MiB");
  if (rc != CURLE_OK) {
    throw std::runtime_error(std::string("fetch failed: ") +
                             (errorBuffer[0] ? errorBuffer : curl_easy_strerror(rc)));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) throw std::runtime_error("fetch failed: HTTP status " + std::to_string(status));
  return std::move(body.text);
}

}  // namespace hdoc::auth
