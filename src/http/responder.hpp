// What a host serves: a request in, a shared answer out. http::Api (the whole API) is one; the
// metrics endpoint of `hdoc serve --metrics-listen` (src/metrics) is another, served by a second
// instance of the same Beast server, with the same limits and timeouts.
#pragma once

#include <memory>

#include "http/message.hpp"

namespace hdoc::http {

class Responder {
 public:
  virtual ~Responder() = default;
  // Thread-safe. The answer when it is ready at once (never blocks: an event loop calls it
  // inline), else nullptr and the host calls respond() on its query pool.
  virtual std::shared_ptr<const Response> cached(const Request&) { return nullptr; }
  // The answer, computing it when needed: may block. Never throws: every failure is an answer.
  virtual std::shared_ptr<const Response> respond(const Request& request) = 0;
};

}  // namespace hdoc::http
