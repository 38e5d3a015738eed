// Lambda host benchmark (not a test): cold start and warm invocation time of the hdoc binary as a
// custom runtime, through the Runtime API emulator of the test suite.
//   cold start: from just before fork/exec of the runtime to the moment the emulator receives the
//               response to the first event (queued before the start, as Lambda does), i.e. process
//               start, init (config, store, API), /next, handling and /response;
//   init:       from the start to the first GET /next;
//   warm:       one invocation in an already running process, from queuing the event to receiving
//               its response (the emulator's and the runtime's loopback HTTP included).
// Usage: lambda_bench BINARY DB [cold-runs] [warm-invocations]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "support/child_process.hpp"
#include "support/runtime_emulator.hpp"

using hdoc::testing::ChildProcess;
using hdoc::testing::RuntimeEmulator;
using Clock = std::chrono::steady_clock;

namespace {

// An HTTP API payload 2.0 event, shaped like tests/lambda/events/v2-http-api.json.
std::string v2Event(const std::string& path, const std::string& query) {
  return R"({"version":"2.0","routeKey":"$default","rawPath":")" + path + R"(","rawQueryString":")" + query +
         R"(","headers":{"accept":"application/json","host":"r3pmxmplak.execute-api.us-east-1.amazonaws.com",)"
         R"("user-agent":"bench","x-forwarded-proto":"https"},"requestContext":{"accountId":"123456789012",)"
         R"("apiId":"r3pmxmplak","http":{"method":"GET","path":")" +
         path +
         R"(","protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":"bench"},)"
         R"("requestId":"bench","routeKey":"$default","stage":"$default","timeEpoch":1583817383220},)"
         R"("isBase64Encoded":false})";
}

// CPU time the process has used so far (on-CPU nanoseconds from /proc/PID/schedstat): what a cold
// start costs without the waiting for a CPU that a busy machine adds to the wall-clock time.
double cpuMs(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/schedstat");
  double onCpuNs = 0;
  in >> onCpuNs;
  return onCpuNs / 1e6;
}

double ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

struct Stats {
  double min, median, p90, p99, max, mean;
};

Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  double sum = 0;
  for (double x : v) sum += x;
  auto at = [&v](double q) {
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * (v.size() - 1) + 0.5))];
  };
  return {v.front(), at(0.5), at(0.9), at(0.99), v.back(), sum / v.size()};
}

void print(const char* name, const Stats& s) {
  std::printf("| %s | %.2f | %.2f | %.2f | %.2f | %.2f |\n", name, s.min, s.median, s.p90, s.p99, s.max);
}

std::map<std::string, std::string> environment(const RuntimeEmulator& emulator, const std::string& db) {
  return {{"AWS_LAMBDA_RUNTIME_API", emulator.endpoint()},
          {"HDOC_DB", db},
          {"AWS_LAMBDA_FUNCTION_NAME", "hdoc-backend-bench-Function"},
          {"AWS_REGION", "us-east-1"},
          {"LD_LIBRARY_PATH",
           "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib"}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s BINARY DB [cold-runs] [warm-invocations]\n", argv[0]);
    return 2;
  }
  const std::string binary = argv[1];
  const std::string db = argv[2];
  const int coldRuns = argc > 3 ? std::atoi(argv[3]) : 50;
  const int warmRuns = argc > 4 ? std::atoi(argv[4]) : 2000;

  std::vector<double> cold, init, coldCpu;
  for (int i = 0; i < coldRuns; ++i) {
    RuntimeEmulator emulator;
    const auto id = emulator.enqueue(v2Event("/api/leaderboard", "limit=5"));
    const auto start = Clock::now();
    ChildProcess runtime(binary, {}, environment(emulator, db));
    const auto outcome = emulator.waitOutcome(id, std::chrono::seconds(10));
    if (!outcome || outcome->isError) {
      std::fprintf(stderr, "cold run %d: no response\n%s", i, runtime.stderrText().c_str());
      return 1;
    }
    cold.push_back(ms(outcome->postedAt - start));
    // After posting, the runtime waits in the next GET /next: its CPU time no longer grows.
    while (emulator.nextCalls() < 2) std::this_thread::sleep_for(std::chrono::microseconds(200));
    coldCpu.push_back(cpuMs(runtime.pid()));
    init.push_back(ms(*emulator.firstNextAt() - start));
  }

  const std::vector<std::pair<std::string, std::string>> routes = {
      {"/api/leaderboard", "limit=5"},   {"/api/users/fdurham0", ""},       {"/api/tags", "limit=20"},
      {"/api/articles/AWS/", "limit=5"}, {"/api/users/recent", "limit=10"}, {"/api/healthz", ""}};
  std::vector<double> warm;
  RuntimeEmulator emulator;
  ChildProcess runtime(binary, {}, environment(emulator, db));
  const auto warmStart = Clock::now();
  for (int i = 0; i < warmRuns; ++i) {
    const auto& [path, query] = routes[static_cast<std::size_t>(i) % routes.size()];
    const auto queued = Clock::now();
    const auto id = emulator.enqueue(v2Event(path, query));
    const auto outcome = emulator.waitOutcome(id, std::chrono::seconds(10));
    if (!outcome || outcome->isError) {
      std::fprintf(stderr, "warm invocation %d: no response\n%s", i, runtime.stderrText().c_str());
      return 1;
    }
    warm.push_back(ms(outcome->postedAt - queued));
  }
  const double warmSeconds = ms(Clock::now() - warmStart) / 1000.0;

  std::printf("| measure (ms) | min | median | p90 | p99 | max |\n|---|---|---|---|---|---|\n");
  print(("cold start, process start to first response (" + std::to_string(coldRuns) + " runs)").c_str(),
        stats(cold));
  print(
      ("cold start, CPU time used by the process until then (" + std::to_string(coldRuns) + " runs)").c_str(),
      stats(coldCpu));
  print(("init, process start to first /next (" + std::to_string(coldRuns) + " runs)").c_str(), stats(init));
  print(("warm invocation, event queued to response (" + std::to_string(warmRuns) + ")").c_str(),
        stats(warm));
  std::printf("\nwarm throughput, one process, one invocation at a time: %.0f invocations/s\n",
              warmRuns / warmSeconds);
  return 0;
}
