// The whole HTTP API as one function: Request in, Response out. The Beast server and the Lambda
// adapter are thin translators around Api::handle.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "store/store.hpp"

namespace hdoc::http {

struct ApiConfig {
  // Allowed CORS origins; "*" allows every origin.
  std::vector<std::string> corsOrigins{"*"};
  // Cache serialised read responses keyed by route and parameters, invalidated by the store's
  // dataVersion(). Only takes effect when the store can report a version.
  bool responseCache = true;
};

class Api {
 public:
  Api(store::Store& store, ApiConfig config);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Thread-safe: the server calls it from every I/O thread at once.
  Response handle(const Request& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hdoc::http
