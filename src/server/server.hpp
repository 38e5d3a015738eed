// The standalone HTTP/1.1 host: Boost.Beast on Asio, an event loop per I/O thread, a coroutine per
// connection, and a pool of query threads for answers the response cache does not hold yet.
// Everything HTTP-semantic happens in http::Api; this file only moves bytes, bounds them in size
// and time, and logs.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "core/telemetry.hpp"
#include "http/responder.hpp"

namespace hdoc::server {

struct ServerConfig {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port (tests)
  int threads = 0;             // I/O threads; 0: one per CPU this process may run on
  // Threads that compute answers the cache does not have (store queries, page building,
  // compression), so that an event loop never waits for them; 0: max(4, 2 x usable CPUs).
  int queryThreads = 0;
  std::size_t headerLimit = 16 * 1024;  // larger request heads get 431
  std::size_t bodyLimit = 64 * 1024;    // larger bodies get 413
  // A request must arrive completely within this time of the previous response (or of the
  // connection opening); slow or idle connections are closed after it.
  std::chrono::milliseconds requestTimeout{15000};
  // A response must be taken by the client within this time.
  std::chrono::milliseconds writeTimeout{15000};
  // After SIGINT/SIGTERM, in-flight requests get this long to finish.
  std::chrono::milliseconds shutdownGrace{10000};
  bool accessLog = true;  // one JSON line per request on stderr
  // Told every request answered (route pattern, method, status, duration) and every connection
  // opened and closed; must outlive the server. nullptr: nothing is measured.
  core::Telemetry* telemetry = nullptr;
};

// The CPUs this process may run on: its affinity mask (taskset, cpusets), capped by a cgroup v2 CPU
// quota (containers), at least 1. std::thread::hardware_concurrency() counts the machine's.
int usableCpus();

class Server {
 public:
  // Serves `responder` (the http::Api, or the metrics endpoint on its own listener).
  Server(http::Responder& responder, ServerConfig config);
  ~Server();

  // Binds the listening socket (so port() is known) without serving yet. Throws on failure.
  void listen();
  unsigned short port() const;
  // Serves until stop() or, when handleSignals, SIGINT/SIGTERM; returns after a graceful drain.
  void run(bool handleSignals = true);
  // Thread-safe: stops accepting, lets in-flight requests finish, closes idle connections.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hdoc::server
