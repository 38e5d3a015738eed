// List-route benchmark and cross-check (not a test): walks every page of every list route on the
// Lambda host (the hdoc binary as a custom runtime behind the Runtime API emulator, which refuses a
// response payload over Lambda's 6,291,556 bytes with 413, as Lambda does) on DynamoDB Local, and on
// `hdoc serve` on a SQLite file holding the same data, following `Link: <...>; rel="next"`. It checks,
// page for page, that both hosts send byte-identical bodies and Link headers, that every Lambda
// payload fits the cap, and that each walk is the whole list (count, no duplicate), and measures
// pages, items, sizes and times. DynamoDB requests are counted by a forwarding proxy between the
// Lambda host and DynamoDB Local.
//
// Usage: list_routes_bench HDOC SQLITE_DB DYNAMODB_ENDPOINT TABLE SEEDED_USERS SEEDED_ARTICLES
// The store must hold `hdoc seed` data already (the same in both); this program adds one journeyer
// with 200 entries to both (through the write API of a Lambda host on each store) for the entries
// route. The report (markdown) goes to stdout, progress to stderr; exit status 1 when a check failed.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/beast/core/detail/base64.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/child_process.hpp"
#include "support/content_coding.hpp"
#include "support/http_client.hpp"
#include "support/loopback.hpp"
#include "support/runtime_emulator.hpp"

namespace json = boost::json;
using hdoc::testing::ChildProcess;
using hdoc::testing::RuntimeEmulator;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kLambdaPayloadCap = 6'291'556;
constexpr std::size_t kPageBytes = 4 * 1024 * 1024;
constexpr double kLambdaTimeoutMs = 10'000;  // infra/api.yaml: Timeout: 10
const std::string kBrowserEncodings = "gzip, deflate, br";
const std::string kLogger = "lbench-logger";
const std::string kLoggerSub = "6f1c2a40-lbench-0000-0000-000000000001";
constexpr int kLoggerEntries = 200;

double ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

void progress(const std::string& line) {
  std::fprintf(stderr, "[list_routes_bench] %s\n", line.c_str());
  std::fflush(stderr);
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string asciiFold(std::string s) {
  for (auto& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// Strict base64 (what API Gateway decodes): decoding and encoding again gives the same text.
std::optional<std::string> base64Decode(const std::string& text) {
  namespace b64 = boost::beast::detail::base64;
  std::string out(b64::decoded_size(text.size()), '\0');
  // decode() stops at the first character outside the alphabet ('=' included): the round trip below
  // is what rejects anything but canonical, padded base64.
  out.resize(b64::decode(out.data(), text.data(), text.size()).first);
  std::string again(b64::encoded_size(out.size()), '\0');
  again.resize(b64::encode(again.data(), out.data(), out.size()));
  if (again != text) return std::nullopt;
  return out;
}

// ---------------------------------------------------------------------------------------------
// A TCP proxy in front of DynamoDB Local that counts the requests going through it (by the
// X-Amz-Target operation) and the bytes DynamoDB sends back.
class CountingProxy {
 public:
  CountingProxy(unsigned short upstreamPort) : upstreamPort_(upstreamPort) {
    listenFd_ = hdoc::testing::listenLoopback(port_, 64);
    acceptThread_ = std::thread([this] { acceptLoop(); });
  }
  ~CountingProxy() {
    stopping_ = true;
    ::shutdown(listenFd_, SHUT_RDWR);
    if (acceptThread_.joinable()) acceptThread_.join();
    ::close(listenFd_);
    {
      std::lock_guard lock(mutex_);
      for (const int fd : fds_) ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& t : threads_) t.join();
  }
  CountingProxy(const CountingProxy&) = delete;
  CountingProxy& operator=(const CountingProxy&) = delete;

  unsigned short port() const { return port_; }

  struct Counts {
    std::map<std::string, long> requests;  // by operation
    long long bytesBack = 0;
    long total() const {
      long n = 0;
      for (const auto& [op, c] : requests) n += c;
      return n;
    }
  };
  Counts counts() const {
    std::lock_guard lock(mutex_);
    return counts_;
  }

 private:
  void acceptLoop() {
    while (!stopping_) {
      const int client = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) {
        if (stopping_) return;
        continue;
      }
      const int upstream = hdoc::testing::connectLoopback(upstreamPort_);
      if (upstream < 0) {
        ::close(client);
        continue;
      }
      int one = 1;
      ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      ::setsockopt(upstream, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      std::lock_guard lock(mutex_);
      fds_.push_back(client);
      fds_.push_back(upstream);
      threads_.emplace_back([this, client, upstream] { pump(client, upstream, true); });
      threads_.emplace_back([this, client, upstream] { pump(upstream, client, false); });
    }
  }

  // Copies `from` to `to` until either closes; requests (client to DynamoDB) are parsed as HTTP/1.1
  // messages with Content-Length (what libcurl sends) so that each is counted once.
  void pump(int from, int to, bool requests) {
    char chunk[65536];
    std::string head;
    std::size_t bodyLeft = 0;
    for (;;) {
      const ssize_t n = ::recv(from, chunk, sizeof chunk, 0);
      if (n <= 0) break;
      const auto size = static_cast<std::size_t>(n);
      bool sent = true;
      for (std::size_t done = 0; sent && done < size;) {
        const ssize_t w = ::send(to, chunk + done, size - done, MSG_NOSIGNAL);
        if (w <= 0)
          sent = false;
        else
          done += static_cast<std::size_t>(w);
      }
      if (!sent) break;
      if (!requests) {
        std::lock_guard lock(mutex_);
        counts_.bytesBack += n;
        continue;
      }
      std::string data(chunk, size);
      std::size_t off = 0;
      while (off < data.size()) {
        if (bodyLeft > 0) {
          const std::size_t take = std::min(bodyLeft, data.size() - off);
          bodyLeft -= take;
          off += take;
          continue;
        }
        head.append(data, off);
        off = data.size();
        const auto end = head.find("\r\n\r\n");
        if (end == std::string::npos) break;
        const std::string h = lower(head.substr(0, end));
        std::string op = "?";
        if (auto at = h.find("x-amz-target:"); at != std::string::npos) {
          op = head.substr(at + 13, h.find("\r\n", at) - at - 13);  // the original case
          op.erase(0, op.find_first_not_of(' '));
          if (auto dot = op.find('.'); dot != std::string::npos) op = op.substr(dot + 1);
        }
        if (auto at = h.find("content-length:"); at != std::string::npos)
          bodyLeft = std::stoul(h.substr(at + 15));
        {
          std::lock_guard lock(mutex_);
          ++counts_.requests[op];
        }
        data = head.substr(end + 4);  // the body's first bytes, or a pipelined request
        off = 0;
        head.clear();
      }
    }
    ::shutdown(to, SHUT_WR);
    ::shutdown(from, SHUT_RD);
  }

  unsigned short upstreamPort_;
  unsigned short port_ = 0;
  int listenFd_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread acceptThread_;
  mutable std::mutex mutex_;
  std::vector<int> fds_;
  std::vector<std::thread> threads_;
  Counts counts_;
};

// ---------------------------------------------------------------------------------------------
// One answer, as either host gave it.
struct Answer {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string wireBody;                        // as sent (compressed when Content-Encoding says so)
  std::string body;                            // decoded
  std::size_t bodyBytes = 0;                   // body.size(), kept when the bodies are dropped
  std::size_t payloadBytes = 0;                // Lambda: the response payload posted to the Runtime API
  double ms = 0;
  bool refused = false;  // Lambda: no response reached the emulator (413 or lost)
  std::string refusal;
  long dynamoRequests = 0;
  long long dynamoBytes = 0;

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// An HTTP API payload 2.0 event, shaped like tests/lambda/events/v2-http-api.json.
std::string v2Event(const std::string& method, const std::string& target, const std::string& acceptEncoding,
                    const std::string& body = "", bool authorized = false) {
  const auto q = target.find('?');
  const std::string path = target.substr(0, q);
  const std::string query = q == std::string::npos ? "" : target.substr(q + 1);
  json::object headers{
      {"accept", "application/json"},      {"host", "r3pmxmplak.execute-api.us-east-1.amazonaws.com"},
      {"user-agent", "list_routes_bench"}, {"x-forwarded-for", "205.255.255.176"},
      {"x-forwarded-port", "443"},         {"x-forwarded-proto", "https"}};
  if (!acceptEncoding.empty()) headers["accept-encoding"] = acceptEncoding;
  if (!body.empty()) {
    headers["content-type"] = "application/json";
    headers["content-length"] = std::to_string(body.size());
  }
  json::object http{{"method", method},
                    {"path", path},
                    {"protocol", "HTTP/1.1"},
                    {"sourceIp", "205.255.255.176"},
                    {"userAgent", "list_routes_bench"}};
  json::object context{{"accountId", "123456789012"},
                       {"apiId", "r3pmxmplak"},
                       {"domainName", "r3pmxmplak.execute-api.us-east-1.amazonaws.com"},
                       {"domainPrefix", "r3pmxmplak"},
                       {"http", http},
                       {"requestId", "JKJaXmPLvHcESHA="},
                       {"routeKey", "$default"},
                       {"stage", "$default"},
                       {"time", "10/Mar/2020:05:16:23 +0000"},
                       {"timeEpoch", 1583817383220}};
  if (authorized) {
    context["authorizer"] =
        json::object{{"jwt", json::object{{"claims", json::object{{"sub", kLoggerSub},
                                                                  {"cognito:username", kLogger},
                                                                  {"email", "lbench@example.com"}}},
                                          {"scopes", nullptr}}}};
  }
  json::object event{{"version", "2.0"},        {"routeKey", "$default"}, {"rawPath", path},
                     {"rawQueryString", query}, {"headers", headers},     {"requestContext", context},
                     {"isBase64Encoded", false}};
  if (!body.empty()) event["body"] = body;
  return json::serialize(event);
}

class LambdaHost {
 public:
  LambdaHost(const std::string& binary, std::map<std::string, std::string> env, CountingProxy* proxy)
      : proxy_(proxy) {
    env["AWS_LAMBDA_RUNTIME_API"] = emulator_.endpoint();
    env["AWS_LAMBDA_FUNCTION_NAME"] = "hdoc-backend-lbench-Function";
    env["AWS_REGION"] = "us-east-1";
    runtime_ = std::make_unique<ChildProcess>(binary, std::vector<std::string>{}, env);
  }

  Answer invoke(const std::string& event) {
    Answer a;
    const auto before = proxy_ ? proxy_->counts() : CountingProxy::Counts{};
    const std::size_t stderrBefore = runtime_->stderrText().size();
    const auto start = Clock::now();
    const auto id = emulator_.enqueue(event);
    std::optional<RuntimeEmulator::Outcome> outcome;
    for (int waited = 0; waited < 600 && !outcome; ++waited) {
      outcome = emulator_.waitOutcome(id, std::chrono::milliseconds(1000));
      if (outcome) break;
      const std::string err = runtime_->stderrText();
      if (err.size() > stderrBefore && err.find("answered 413", stderrBefore) != std::string::npos) {
        a.refused = true;
        a.refusal = err.substr(stderrBefore);
        return a;
      }
      if (runtime_->waitExit(std::chrono::milliseconds(0))) {
        a.refused = true;
        a.refusal = "the runtime exited: " + err.substr(stderrBefore);
        return a;
      }
    }
    if (!outcome) {
      a.refused = true;
      a.refusal = "no response within 600 s";
      return a;
    }
    a.ms = ms(outcome->postedAt - start);
    if (proxy_) {
      const auto after = proxy_->counts();
      a.dynamoRequests = after.total() - before.total();
      a.dynamoBytes = after.bytesBack - before.bytesBack;
    }
    if (outcome->isError) {
      a.refused = true;
      a.refusal = "the runtime posted an error: " + outcome->body;
      return a;
    }
    a.payloadBytes = outcome->body.size();
    const json::value payload = json::parse(outcome->body);
    const auto& o = payload.as_object();
    a.status = static_cast<int>(o.at("statusCode").to_number<int>());
    if (const auto* h = o.if_contains("headers")) {
      for (const auto& [name, value] : h->as_object())
        a.headers[lower(std::string(name))] = value.as_string().c_str();
    }
    std::string body = o.if_contains("body") ? std::string(o.at("body").as_string()) : "";
    if (o.if_contains("isBase64Encoded") && o.at("isBase64Encoded").as_bool()) {
      auto decoded = base64Decode(body);
      if (!decoded) throw std::runtime_error("isBase64Encoded body is not base64");
      body = std::move(*decoded);
    }
    a.wireBody = body;
    a.body = hdoc::testing::decodedBody(a.wireBody, a.header("content-encoding"));
    return a;
  }

  std::string stderrText() const { return runtime_->stderrText(); }

 private:
  RuntimeEmulator emulator_;
  CountingProxy* proxy_;
  std::unique_ptr<ChildProcess> runtime_;
};

class ServerHost {
 public:
  explicit ServerHost(unsigned short port) : port_(port) {}

  Answer get(const std::string& target, const std::string& acceptEncoding) {
    std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n";
    if (!acceptEncoding.empty()) req += "Accept-Encoding: " + acceptEncoding + "\r\n";
    req += "\r\n";
    Answer a;
    const auto start = Clock::now();
    std::optional<hdoc::testing::HttpResponse> res;
    for (int attempt = 0; attempt < 2 && !res; ++attempt) {
      if (!conn_) conn_ = std::make_unique<hdoc::testing::HttpConnection>(port_);
      conn_->send(req);
      res = conn_->read(false, std::chrono::milliseconds(120'000));
      if (!res) conn_.reset();
    }
    if (!res) throw std::runtime_error("hdoc serve did not answer " + target);
    a.ms = ms(Clock::now() - start);
    a.status = res->status;
    for (const auto& [k, v] : res->headers) a.headers[lower(k)] = v;
    a.wireBody = std::move(res->body);
    a.body = hdoc::testing::decodedBody(a.wireBody, a.header("content-encoding"));
    if (lower(a.header("connection")) == "close") conn_.reset();
    return a;
  }

 private:
  unsigned short port_;
  std::unique_ptr<hdoc::testing::HttpConnection> conn_;
};

// ---------------------------------------------------------------------------------------------
struct Walk {
  std::vector<Answer> pages;
  std::vector<std::string> links;  // the next target of each page ("" on the last)
  std::vector<std::string> keys;   // every item's key, in walk order
  std::vector<std::string> problems;
  double totalMs = 0;
  std::size_t refusals = 0, over = 0;
};

std::optional<std::string> nextTarget(const std::string& link, std::string& problem) {
  if (link.empty()) return std::nullopt;
  static const std::regex form(R"(^<([^<>]*)>; rel="next"$)");
  std::smatch m;
  if (!std::regex_match(link, m, form)) {
    problem = "Link header not of the form <...>; rel=\"next\": " + link;
    return std::nullopt;
  }
  return m[1].str();
}

using KeyOf = std::function<std::string(const json::object&)>;

Walk walk(const std::string& first, const std::function<Answer(const std::string&)>& get, const KeyOf& keyOf,
          std::optional<std::size_t> limit, bool lambda) {
  Walk w;
  std::string target = first;
  std::set<std::string> visited;
  const auto start = Clock::now();
  for (std::size_t page = 1;; ++page) {
    if (!visited.insert(target).second) {
      w.problems.push_back("page " + std::to_string(page) + ": the walk loops back to " + target);
      break;
    }
    Answer a = get(target);
    const std::string where = "page " + std::to_string(page) + " (" + target.substr(0, 80) + ")";
    if (a.refused) {
      ++w.refusals;
      w.problems.push_back(where + ": Lambda response refused/lost: " + a.refusal.substr(0, 300));
      w.pages.push_back(std::move(a));
      w.links.push_back("");
      break;
    }
    if (lambda && a.payloadBytes > kLambdaPayloadCap) {
      ++w.over;
      w.problems.push_back(where + ": payload " + std::to_string(a.payloadBytes) + " bytes over the cap");
    }
    if (a.status != 200) {
      w.problems.push_back(where + ": status " + std::to_string(a.status) + ": " + a.body.substr(0, 300));
      w.pages.push_back(std::move(a));
      w.links.push_back("");
      break;
    }
    if (a.body.size() > kPageBytes) {
      w.problems.push_back(where + ": body " + std::to_string(a.body.size()) +
                           " bytes over the 4 MiB page rule");
    }
    json::value items;
    try {
      items = json::parse(a.body);
    } catch (const std::exception& e) {
      w.problems.push_back(where + ": body is not JSON: " + e.what());
    }
    if (!items.is_array()) {
      w.problems.push_back(where + ": body is not a JSON array");
    } else {
      const auto& arr = items.as_array();
      if (arr.empty() && page > 1) w.problems.push_back(where + ": an empty page after a Link");
      if (limit && arr.size() > *limit)
        w.problems.push_back(where + ": " + std::to_string(arr.size()) + " items over limit " +
                             std::to_string(*limit));
      for (const auto& item : arr) w.keys.push_back(keyOf(item.as_object()));
    }
    std::string problem;
    const auto next = nextTarget(a.header("link"), problem);
    if (!problem.empty()) w.problems.push_back(where + ": " + problem);
    w.links.push_back(next.value_or(""));
    w.pages.push_back(std::move(a));
    if (!next) break;
    target = *next;
  }
  w.totalMs = ms(Clock::now() - start);
  // Whole-list checks that need no reference: no item twice.
  std::set<std::string> seen;
  for (std::size_t i = 0; i < w.keys.size(); ++i) {
    if (!seen.insert(w.keys[i]).second) {
      w.problems.push_back("item " + w.keys[i] + " (position " + std::to_string(i + 1) + ") appears twice");
      if (w.problems.size() > 20) break;
    }
  }
  return w;
}

struct Route {
  std::string target;
  KeyOf keyOf;
  std::optional<std::size_t> limit;
  std::size_t expected;
  std::string sameListAs;  // a route whose walk must give the same items in the same order
};

struct RouteResult {
  Route route;
  Walk serverIdentity, serverBr, lambdaIdentity, lambdaBr;
  std::vector<std::string> mismatches;    // body/Link between hosts: the product bugs
  std::vector<std::string> otherHeaders;  // other header differences (information)
  bool compressedBytesIdentical = true;
};

std::string median(std::vector<double> v) {
  if (v.empty()) return "-";
  std::sort(v.begin(), v.end());
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v[v.size() / 2]);
  return buf;
}
std::string maxOf(const std::vector<double>& v) {
  if (v.empty()) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", *std::max_element(v.begin(), v.end()));
  return buf;
}
std::vector<double> pageMs(const Walk& w) {
  std::vector<double> v;
  for (const auto& p : w.pages) v.push_back(p.ms);
  return v;
}
std::string seconds(double msTotal) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", msTotal / 1000);
  return buf;
}
std::string withCommas(std::size_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Compares two walks page for page: body bytes and Link.
void comparePages(const Walk& a, const Walk& b, const std::string& what, const std::string& route,
                  std::vector<std::string>& out) {
  if (a.pages.size() != b.pages.size()) {
    out.push_back(route + ": " + what + ": " + std::to_string(a.pages.size()) + " pages vs " +
                  std::to_string(b.pages.size()));
  }
  const std::size_t n = std::min(a.pages.size(), b.pages.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto& pa = a.pages[i];
    const auto& pb = b.pages[i];
    if (pa.body != pb.body) {
      std::size_t at = 0;
      while (at < pa.body.size() && at < pb.body.size() && pa.body[at] == pb.body[at]) ++at;
      const std::size_t from = at > 60 ? at - 60 : 0;
      out.push_back(route + ": " + what + ": page " + std::to_string(i + 1) + " bodies differ (" +
                    std::to_string(pa.body.size()) + " vs " + std::to_string(pb.body.size()) +
                    " bytes) first at byte " + std::to_string(at) + ": ..." + pa.body.substr(from, 120) +
                    " | ..." + pb.body.substr(from, 120));
    }
    if (pa.header("link") != pb.header("link")) {
      out.push_back(route + ": " + what + ": page " + std::to_string(i + 1) + " Link differs: '" +
                    pa.header("link") + "' vs '" + pb.header("link") + "'");
    }
    if (out.size() > 40) return;
  }
}

void compareOtherHeaders(const Walk& a, const Walk& b, const std::string& what, const std::string& route,
                         std::vector<std::string>& out) {
  static const std::vector<std::string> names = {
      "content-type", "content-encoding", "etag", "vary", "cache-control", "access-control-expose-headers"};
  const std::size_t n = std::min(a.pages.size(), b.pages.size());
  std::set<std::string> reported;
  for (std::size_t i = 0; i < n; ++i) {
    for (const auto& name : names) {
      const auto va = a.pages[i].header(name), vb = b.pages[i].header(name);
      if (va != vb && reported.insert(name).second) {
        out.push_back(route + ": " + what + ": " + name + " '" + va + "' vs '" + vb + "' (first on page " +
                      std::to_string(i + 1) + ")");
      }
    }
  }
}

std::string fieldText(const json::object& o, const char* name) {
  const auto* v = o.if_contains(name);
  if (!v) return "<none>";
  if (v->is_string()) return std::string(v->as_string());
  return json::serialize(*v);
}

}  // namespace

namespace {

int run(int argc, char** argv) {
  if (argc < 7) {
    std::fprintf(stderr, "usage: %s HDOC SQLITE_DB DYNAMODB_ENDPOINT TABLE SEEDED_USERS SEEDED_ARTICLES\n",
                 argv[0]);
    return 2;
  }
  const std::string hdoc = argv[1], db = argv[2], endpoint = argv[3], table = argv[4];
  const std::size_t users = std::stoul(argv[5]) + 1;  // + the journeyer who logs entries here
  const std::size_t articles = std::stoul(argv[6]);
  const auto colon = endpoint.rfind(':');
  const auto ddbPort = static_cast<unsigned short>(std::stoul(endpoint.substr(colon + 1)));

  CountingProxy proxy(ddbPort);
  const std::string proxied = "http://127.0.0.1:" + std::to_string(proxy.port());
  const std::map<std::string, std::string> dynamoEnv = {{"databaseName", table},
                                                        {"AWS_ENDPOINT_URL_DYNAMODB", proxied},
                                                        {"AWS_REGION", "us-east-1"},
                                                        {"AWS_ACCESS_KEY_ID", "AKIDLOCALBENCH"},
                                                        {"AWS_SECRET_ACCESS_KEY", "local-bench-secret"}};
  LambdaHost lambda(hdoc, dynamoEnv, &proxy);
  int failures = 0;

  // --- The entries journeyer, written through the write API of a Lambda host on each store ---
  const auto setupStart = Clock::now();
  {
    progress("writing " + kLogger + " and " + std::to_string(kLoggerEntries) + " entries to both stores");
    LambdaHost sqliteWriter(hdoc, {{"HDOC_DB", db}}, nullptr);
    for (LambdaHost* host : {&lambda, &sqliteWriter}) {
      const json::object profile{
          {"githubProfile", kLogger},
          {"name", "List Bench Logger"},
          {"twitterProfile", "lbench"},
          {"bio", "Logs every day of the challenge on both platforms, for the list benchmark."}};
      const Answer created = host->invoke(v2Event("POST", "/api/users", "", json::serialize(profile), true));
      if (created.status != 201) {
        std::fprintf(stderr, "POST /api/users: %d %s\n%s", created.status, created.body.c_str(),
                     host->stderrText().c_str());
        return 1;
      }
      for (int day = 1; day <= kLoggerEntries / 2; ++day) {
        for (const std::string platform : {"github", "twitter"}) {
          char date[16], url[160];
          // 2021-01-01 + day - 1, every day of January..April 2021
          static const int monthDays[] = {31, 28, 31, 30};
          int m = 0, d = day;
          while (d > monthDays[m]) d -= monthDays[m++];
          std::snprintf(date, sizeof date, "2021-%02d-%02d", m + 1, d);
          if (platform == "github") {
            std::snprintf(url, sizeof url, "https://github.com/%s/100-days-of-cloud/blob/main/day-%03d.md",
                          kLogger.c_str(), day);
          } else {
            std::snprintf(url, sizeof url, "https://twitter.com/lbench/status/14%017d", day * 7919);
          }
          const json::object entry{{"day", day}, {"platform", platform}, {"url", url}, {"date", date}};
          const Answer a = host->invoke(
              v2Event("POST", "/api/users/" + kLogger + "/entries", "", json::serialize(entry), true));
          if (a.status != 201) {
            std::fprintf(stderr, "POST entries day %d %s: %d %s\n", day, platform.c_str(), a.status,
                         a.body.c_str());
            return 1;
          }
        }
      }
    }
    // POST /users stamps dateJoined with the clock: give both the same one by re-importing the record
    // (an import keeps the owner and the entries of a written profile).
    const Answer record = sqliteWriter.invoke(v2Event("GET", "/api/users/" + kLogger, ""));
    json::value user = json::parse(record.body);
    user.as_object()["dateJoined"] = "2021-01-01T00:00:00Z";
    const std::string file = db + ".logger.json";
    std::ofstream(file) << json::serialize(json::array{user});
    {
      ChildProcess sqliteImport(hdoc, {"import", "users", file, "--db", db}, {});
      std::map<std::string, std::string> env = dynamoEnv;
      env["AWS_ENDPOINT_URL_DYNAMODB"] = endpoint;
      ChildProcess dynamoImport(hdoc, {"import", "users", file, "--store", "dynamodb"}, env);
      if (sqliteImport.waitExit(std::chrono::seconds(120)) != 0 ||
          dynamoImport.waitExit(std::chrono::seconds(120)) != 0) {
        std::fprintf(stderr, "import of %s failed:\n%s%s", file.c_str(), sqliteImport.stderrText().c_str(),
                     dynamoImport.stderrText().c_str());
        return 1;
      }
    }
    const Answer a = sqliteWriter.invoke(v2Event("GET", "/api/users/" + kLogger, ""));
    const Answer b = lambda.invoke(v2Event("GET", "/api/users/" + kLogger, ""));
    if (a.body != b.body) {
      std::fprintf(stderr, "the logger differs between the stores:\n%s\n%s\n", a.body.c_str(),
                   b.body.c_str());
      ++failures;
    }
    progress("logger: " + a.body.substr(0, 200));
  }

  const double setupMs = ms(Clock::now() - setupStart);

  // --- The SQLite server ---
  ChildProcess serve(hdoc, {"serve", "--db", db, "--listen", "127.0.0.1:0", "--quiet"}, {});
  unsigned short port = 0;
  for (int i = 0; i < 600 && port == 0; ++i) {
    static const std::regex listening(R"re("address":"127\.0\.0\.1:(\d+)")re");
    std::smatch m;
    const std::string err = serve.stderrText();
    if (std::regex_search(err, m, listening)) port = static_cast<unsigned short>(std::stoul(m[1].str()));
    if (port == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (port == 0) {
    std::fprintf(stderr, "hdoc serve did not start:\n%s", serve.stderrText().c_str());
    return 1;
  }
  ServerHost server(port);

  // The whole article list (from the SQLite server) gives the expected counts of the tag routes.
  std::vector<json::object> allArticles;
  {
    std::string target = "/api/articles?limit=10000";
    for (;;) {
      const Answer a = server.get(target, "");
      const json::value page = json::parse(a.body);
      for (const auto& v : page.as_array()) allArticles.push_back(v.as_object());
      std::string problem;
      const auto next = nextTarget(a.header("link"), problem);
      if (!next) break;
      target = *next;
    }
  }
  std::map<std::string, std::size_t> exactTags, foldedTags;
  for (const auto& a : allArticles) {
    const std::string tag(a.at("tags").as_string());
    ++exactTags[tag];
    ++foldedTags[asciiFold(tag)];
  }
  const json::value top = json::parse(server.get("/api/tags?limit=1", "").body);
  const std::string tag(top.as_array().at(0).as_object().at("tag").as_string());
  progress("frequent tag: " + tag + " (" + std::to_string(foldedTags[asciiFold(tag)]) +
           " articles with it folded)");
  std::string tagPath;
  for (const char c : tag) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' || c == '~') {
      tagPath += c;
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
      tagPath += hex;
    }
  }

  const KeyOf byProfile = [](const json::object& o) { return fieldText(o, "githubProfile"); };
  const KeyOf byId = [](const json::object& o) { return fieldText(o, "id"); };
  const KeyOf byTag = [](const json::object& o) { return fieldText(o, "tag"); };
  const KeyOf byDay = [](const json::object& o) {
    return fieldText(o, "day") + "/" + fieldText(o, "platform");
  };
  const std::string entries = "/api/users/" + kLogger + "/entries";
  const std::vector<Route> routes = {
      {"/api/users", byProfile, std::nullopt, users, ""},
      {"/api/users?limit=10000", byProfile, 10000, users, "/api/users"},
      {"/api/users/recent?limit=10000", byProfile, 10000, users, ""},
      {"/api/leaderboard?limit=10000", byProfile, 10000, users, ""},
      {"/api/leaderboard/37", byProfile, 37, users, "/api/leaderboard?limit=10000"},
      {"/api/articles", byId, std::nullopt, articles, ""},
      {"/api/articles?limit=100", byId, 100, articles, "/api/articles"},
      {"/api/articles/" + tagPath, byId, std::nullopt, foldedTags[asciiFold(tag)], ""},
      {"/api/articles/" + tagPath + "?limit=7", byId, 7, foldedTags[asciiFold(tag)],
       "/api/articles/" + tagPath},
      // The query form with the tag folded is the same list (its links are the canonical ?tag= form).
      {"/api/articles?tag=" + asciiFold(tagPath) + "&limit=7", byId, 7, foldedTags[asciiFold(tag)],
       "/api/articles/" + tagPath},
      {"/api/tags", byTag, std::nullopt, exactTags.size(), ""},
      {"/api/tags?limit=50", byTag, 50, exactTags.size(), "/api/tags"},
      {entries, byDay, std::nullopt, static_cast<std::size_t>(kLoggerEntries), ""},
      {entries + "?limit=7", byDay, 7, static_cast<std::size_t>(kLoggerEntries), entries},
  };

  std::vector<RouteResult> results;
  std::size_t totalRefusals = 0, totalOver = 0;
  for (const auto& route : routes) {
    RouteResult r;
    r.route = route;
    auto serverGet = [&](const std::string& enc) {
      return [&server, enc](const std::string& t) { return server.get(t, enc); };
    };
    auto lambdaGet = [&](const std::string& enc) {
      return [&lambda, enc](const std::string& t) { return lambda.invoke(v2Event("GET", t, enc)); };
    };
    progress(route.target + ": SQLite server");
    r.serverIdentity = walk(route.target, serverGet(""), route.keyOf, route.limit, false);
    r.serverBr = walk(route.target, serverGet(kBrowserEncodings), route.keyOf, route.limit, false);
    progress(route.target + ": Lambda on DynamoDB, no Accept-Encoding (" +
             std::to_string(r.serverIdentity.pages.size()) + " pages)");
    r.lambdaIdentity = walk(route.target, lambdaGet(""), route.keyOf, route.limit, true);
    progress(route.target + ": Lambda on DynamoDB, Accept-Encoding: " + kBrowserEncodings + " (" +
             seconds(r.lambdaIdentity.totalMs) + " s for the first walk)");
    r.lambdaBr = walk(route.target, lambdaGet(kBrowserEncodings), route.keyOf, route.limit, true);

    const std::pair<const char*, Walk*> walks[] = {{"SQLite server identity", &r.serverIdentity},
                                                   {"SQLite server br", &r.serverBr},
                                                   {"Lambda identity", &r.lambdaIdentity},
                                                   {"Lambda gzip/br", &r.lambdaBr}};
    for (const auto& [name, w] : walks) {
      for (const auto& p : w->problems) r.mismatches.push_back(route.target + ": " + name + ": " + p);
      if (w->keys.size() != route.expected) {
        r.mismatches.push_back(route.target + ": " + name + ": walk gave " + std::to_string(w->keys.size()) +
                               " items, the data has " + std::to_string(route.expected));
      }
      totalRefusals += w->refusals;
      totalOver += w->over;
    }
    comparePages(r.lambdaIdentity, r.serverIdentity, "Lambda identity vs SQLite server identity",
                 route.target, r.mismatches);
    comparePages(r.lambdaBr, r.serverIdentity, "Lambda gzip/br (decoded) vs SQLite server identity",
                 route.target, r.mismatches);
    comparePages(r.serverBr, r.serverIdentity, "SQLite server br (decoded) vs identity", route.target,
                 r.mismatches);
    compareOtherHeaders(r.lambdaIdentity, r.serverIdentity, "identity", route.target, r.otherHeaders);
    compareOtherHeaders(r.lambdaBr, r.serverBr, "gzip/br", route.target, r.otherHeaders);
    for (std::size_t i = 0; i < std::min(r.lambdaBr.pages.size(), r.serverBr.pages.size()); ++i) {
      if (r.lambdaBr.pages[i].wireBody != r.serverBr.pages[i].wireBody) r.compressedBytesIdentical = false;
    }
    if (!route.sameListAs.empty()) {
      for (const auto& other : results) {
        if (other.route.target == route.sameListAs && other.serverIdentity.keys != r.serverIdentity.keys) {
          r.mismatches.push_back(route.target + ": the walk's items differ from those of " +
                                 route.sameListAs);
        }
        if (other.route.target == route.sameListAs && other.lambdaIdentity.keys != r.lambdaIdentity.keys) {
          r.mismatches.push_back(route.target + ": Lambda: the walk's items differ from those of " +
                                 route.sameListAs);
        }
      }
    }
    // The bodies are compared: keep their sizes only (the user routes hold ~40 MB per route otherwise).
    for (Walk* w : {&r.serverIdentity, &r.serverBr, &r.lambdaIdentity, &r.lambdaBr}) {
      for (auto& p : w->pages) {
        p.bodyBytes = p.body.size();
        std::string().swap(p.body);
        std::string().swap(p.wireBody);
      }
    }
    for (const auto& m : r.mismatches) progress("MISMATCH " + m.substr(0, 400));
    failures += static_cast<int>(r.mismatches.size());
    results.push_back(std::move(r));
  }

  // --- Report ---
  std::printf(
      "| route | pages | items | largest body (B) | largest Lambda payload, identity (B) | largest Lambda "
      "payload, "
      "gzip/br (B) | Lambda walk, identity: total s (per page median / max ms) | Lambda walk, gzip/br: total "
      "s "
      "(median / max ms) | DynamoDB requests per walk (max per page) | SQLite server walk, identity: total s "
      "(median / "
      "max ms) | hosts identical |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (const auto& r : results) {
    std::size_t bodyMax = 0, payloadMax = 0, payloadBrMax = 0;
    long requests = 0, requestsMax = 0;
    for (const auto& p : r.lambdaIdentity.pages) {
      bodyMax = std::max(bodyMax, p.bodyBytes);
      payloadMax = std::max(payloadMax, p.payloadBytes);
      requests += p.dynamoRequests;
      requestsMax = std::max(requestsMax, p.dynamoRequests);
    }
    for (const auto& p : r.serverIdentity.pages) bodyMax = std::max(bodyMax, p.bodyBytes);
    for (const auto& p : r.lambdaBr.pages) payloadBrMax = std::max(payloadBrMax, p.payloadBytes);
    std::printf(
        "| `%s` | %zu | %s | %s | %s | %s | %s (%s / %s) | %s (%s / %s) | %ld (%ld) | %s (%s / %s) | %s |\n",
        r.route.target.c_str(), r.lambdaIdentity.pages.size(),
        withCommas(r.lambdaIdentity.keys.size()).c_str(), withCommas(bodyMax).c_str(),
        withCommas(payloadMax).c_str(), withCommas(payloadBrMax).c_str(),
        seconds(r.lambdaIdentity.totalMs).c_str(), median(pageMs(r.lambdaIdentity)).c_str(),
        maxOf(pageMs(r.lambdaIdentity)).c_str(), seconds(r.lambdaBr.totalMs).c_str(),
        median(pageMs(r.lambdaBr)).c_str(), maxOf(pageMs(r.lambdaBr)).c_str(), requests, requestsMax,
        seconds(r.serverIdentity.totalMs).c_str(), median(pageMs(r.serverIdentity)).c_str(),
        maxOf(pageMs(r.serverIdentity)).c_str(), r.mismatches.empty() ? "yes" : "**NO**");
  }

  std::printf("\n### Checks\n\n");
  std::printf("- Entries set-up (%s and %d entries through each Lambda host, the re-import): %s s.\n",
              kLogger.c_str(), kLoggerEntries, seconds(setupMs).c_str());
  std::printf(
      "- Lambda payloads over %s bytes: %zu; responses the emulator refused or that never arrived: %zu.\n",
      withCommas(kLambdaPayloadCap).c_str(), totalOver, totalRefusals);
  std::size_t slow = 0;
  double slowest = 0;
  std::string slowestWhere;
  for (const auto& r : results) {
    for (const Walk* w : {&r.lambdaIdentity, &r.lambdaBr}) {
      for (std::size_t i = 0; i < w->pages.size(); ++i) {
        if (w->pages[i].ms > kLambdaTimeoutMs) ++slow;
        if (w->pages[i].ms > slowest) {
          slowest = w->pages[i].ms;
          slowestWhere = r.route.target + " page " + std::to_string(i + 1);
        }
      }
    }
  }
  std::printf(
      "- Lambda pages slower than the function's 10 s timeout (infra/api.yaml) here: %zu; slowest %.0f ms "
      "(%s).\n",
      slow, slowest, slowestWhere.c_str());
  std::size_t mismatchCount = 0;
  for (const auto& r : results) mismatchCount += r.mismatches.size();
  std::printf("- Differences in bodies, Link headers, counts, duplicates or walk shape: %zu.\n",
              mismatchCount);
  for (const auto& r : results) {
    for (const auto& m : r.mismatches) std::printf("  - %s\n", m.substr(0, 600).c_str());
  }
  bool allCompressedSame = true;
  for (const auto& r : results) allCompressedSame = allCompressedSame && r.compressedBytesIdentical;
  std::printf(
      "- Compressed bodies (Accept-Encoding: %s) byte-identical between the hosts on every page: %s.\n",
      kBrowserEncodings.c_str(), allCompressedSame ? "yes" : "no (compared decoded)");
  std::set<std::string> codings;
  for (const auto& r : results) {
    for (const auto& p : r.lambdaBr.pages)
      codings.insert(p.header("content-encoding").empty() ? "identity" : p.header("content-encoding"));
  }
  std::string codingList;
  for (const auto& c : codings) codingList += (codingList.empty() ? "" : ", ") + c;
  std::printf("- Content-Encoding the Lambda host chose for %s: %s (identity for bodies under 1 KiB).\n",
              kBrowserEncodings.c_str(), codingList.c_str());
  std::set<std::string> other;
  for (const auto& r : results) other.insert(r.otherHeaders.begin(), r.otherHeaders.end());
  std::printf("- Other headers that differ between the hosts (information, not compared): %s\n",
              other.empty() ? "none." : "");
  for (const auto& o : other) std::printf("  - %s\n", o.c_str());
  const auto c = proxy.counts();
  std::string ops;
  for (const auto& [op, n] : c.requests) ops += (ops.empty() ? "" : ", ") + op + " " + std::to_string(n);
  std::printf(
      "- DynamoDB requests of the Lambda host over the whole run (entries set-up included): %s; %s bytes "
      "read back.\n",
      ops.c_str(), withCommas(static_cast<std::size_t>(c.bytesBack)).c_str());
  return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  // Caught here so that the stack unwinds: the ChildProcess destructors then stop hdoc serve and the
  // Lambda runtimes instead of leaving them running.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "list_routes_bench: %s\n", e.what());
    return 1;
  }
}
