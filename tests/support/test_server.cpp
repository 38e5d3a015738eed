#include "support/test_server.hpp"

namespace hdoc::testing {

TestServer::TestServer(store::Store& store, http::ApiConfig apiConfig, server::ServerConfig config) {
  config.address = "127.0.0.1";
  config.port = 0;
  if (config.threads == 0) config.threads = 2;
  config.accessLog = false;
  api_ = std::make_unique<http::Api>(store, std::move(apiConfig));
  server_ = std::make_unique<server::Server>(*api_, config);
  server_->listen();
  port_ = server_->port();
  thread_ = std::thread([this] { server_->run(false); });
}

void TestServer::stop() {
  if (!thread_.joinable()) return;
  server_->stop();
  thread_.join();
}

TestServer::~TestServer() {
  stop();
}

}  // namespace hdoc::testing
