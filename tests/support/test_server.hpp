// The real Beast server on a free loopback port, serving in a background thread for one test.
#pragma once

#include <memory>
#include <thread>

#include "http/api.hpp"
#include "server/server.hpp"

namespace hdoc::testing {

class TestServer {
 public:
  explicit TestServer(store::Store& store, http::ApiConfig apiConfig = {}, server::ServerConfig config = {});
  ~TestServer();  // stops gracefully and joins

  unsigned short port() const { return port_; }
  http::Api& api() { return *api_; }
  server::Server& server() { return *server_; }
  // Stops the server and waits until run() has returned.
  void stop();

 private:
  std::unique_ptr<http::Api> api_;
  std::unique_ptr<server::Server> server_;
  std::thread thread_;
  unsigned short port_ = 0;
};

}  // namespace hdoc::testing
