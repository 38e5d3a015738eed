// The only translation unit that includes Boost.Beast/Asio for serving (each costs ~25 s to
// compile): keep it that way.
//
// Thread model (chosen by measurement, bench/results): one io_context per thread, each run by one
// thread with concurrency hint 1, and every connection living on exactly one of them. So no
// strands and no type-erased executors on the request path (together ~18% of the CPU samples
// with a shared io_context), and no locks between threads but the response cache's. One acceptor
// hands new connections to the workers in turn, which spreads them evenly with no SO_REUSEPORT
// group to manage at shutdown. Timeouts are deadlines that a per-worker sweep enforces a few times
// a second, instead of a timer re-armed around every read and write.
//
// Cache hits (most reads) are answered inline on the event loop: they cost microseconds. Anything
// else (a store query, a page of up to 4 MiB to build, a compression, a write waiting for SQLite's
// lock) runs on the query pool, and the connection's coroutine resumes on its loop when the answer
// is ready. Measured on 1M journeyers (bench/results): with page building inline, a small read that
// shared an event loop with a client walking /api/users waited behind each 4 MiB page; on the pool
// it does not wait at all, because the loop only ever does microseconds of work at a time.
#include "server/server.hpp"

#include <sched.h>
#include <sys/resource.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cmath>
#include <condition_variable>
#include <fstream>
#include <list>
#include <mutex>
#include <thread>

#include "http/access_log.hpp"
#include "http/github_webhook.hpp"
#include "http/problem.hpp"
#include "server/response_head.hpp"

namespace hdoc::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// A concrete executor throughout: no type erasure, no strand.
using Executor = asio::io_context::executor_type;
using Socket = asio::basic_stream_socket<tcp, Executor>;
using Acceptor = asio::basic_socket_acceptor<tcp, Executor>;
using Timer = asio::basic_waitable_timer<Clock, asio::wait_traits<Clock>, Executor>;
using SignalSet = asio::basic_signal_set<Executor>;
template <class T = void>
using Task = asio::awaitable<T, Executor>;
constexpr auto kTuple = asio::experimental::as_tuple(asio::use_awaitable_t<Executor>{});

// Status for a request the parser refused, or 0 when the connection should just close.
int statusForReadError(const beast::error_code& ec) {
  if (ec == bhttp::error::header_limit) return 431;
  if (ec == bhttp::error::body_limit) return 413;
  if (ec == bhttp::error::bad_version) return 505;
  // The client closed the connection, between requests or inside one: nobody to answer.
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return 0;
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category()) return 400;
  return 0;  // I/O error, timeout, reset: nobody to answer
}

// RFC 9112 section 6.1 and RFC 9110 section 5.5. Beast frames a request whose Transfer-Encoding is
// anything but a lone, final "chunked" ("identity", unknown, repeated or obs-folded codings) by its
// Content-Length or as bodiless, where a proxy in front of hdoc may frame the same bytes differently
// (request smuggling); and it passes NUL inside field values through. Such requests are refused
// with 400 and the connection closed.
template <class Parser>
bool framingIsUnambiguous(const Parser& parser) {
  const auto& req = parser.get();
  const auto codings = req.count(bhttp::field::transfer_encoding);
  if (codings > 1) return false;
  if (codings == 1 && (!beast::iequals(req[bhttp::field::transfer_encoding], "chunked") ||
                       !parser.chunked() || req.version() < 11)) {
    return false;
  }
  for (const auto& field : req) {
    if (field.value().find('\0') != std::string_view::npos) return false;
  }
  return true;
}

// Copies the parsed request into `out`, reusing its strings' capacity: after the first few
// requests on a connection this allocates nothing.
template <class BeastRequest>
void toRequest(BeastRequest& in, http::Request& out) {
  out.method.assign(in.method_string().data(), in.method_string().size());
  out.target.assign(in.target().data(), in.target().size());
  std::size_t n = 0;
  for (const auto& field : in) {
    if (n == out.headers.size()) out.headers.emplace_back();
    out.headers[n].name.assign(field.name_string().data(), field.name_string().size());
    out.headers[n].value.assign(field.value().data(), field.value().size());
    ++n;
  }
  out.headers.resize(n);
  out.body = std::move(in.body());
  out.principal.reset();
}

void raiseFileLimit() {
  // Thousands of idle keep-alive connections each hold a descriptor.
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

// The CPU quota of this process's cgroup v2 and its ancestors (the tightest), in whole CPUs rounded
// up; 0 when there is none. Each level's cpu.max is "QUOTA PERIOD" or "max PERIOD".
int cgroupCpuLimit() {
  std::ifstream self("/proc/self/cgroup");
  std::string line, path;
  while (std::getline(self, line)) {
    if (line.rfind("0::", 0) == 0) path = line.substr(3);  // the unified (v2) hierarchy
  }
  int limit = 0;
  for (;;) {
    std::ifstream in("/sys/fs/cgroup" + path + "/cpu.max");
    std::string quota, period;
    if (in >> quota >> period && quota != "max") {
      try {
        const double q = std::stod(quota), p = std::stod(period);
        const int cpus = p > 0 ? static_cast<int>(std::ceil(q / p)) : 0;
        if (cpus > 0 && (limit == 0 || cpus < limit)) limit = cpus;
      } catch (const std::exception&) {
      }
    }
    if (path.empty() || path == "/") break;
    path = path.substr(0, path.rfind('/'));
  }
  return limit;
}

struct Connection {
  Socket socket;
  // When the current read or write must be done by; the worker's sweep closes the socket after.
  Clock::time_point deadline = Clock::time_point::max();
  bool busy = false;  // a request is being read past its first byte, handled or written
  explicit Connection(Socket s) : socket(std::move(s)) {}
};

// One thread's share of the connections. Everything in it is touched only from its own thread;
// other threads reach it by posting to `ioc`.
struct Worker {
  std::list<Connection*> connections;  // declared before ioc: frames destroyed with ioc unlink here
  asio::io_context ioc{1};
  Timer sweepTimer{ioc};
};

}  // namespace

int usableCpus() {
  int n = 0;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) n = CPU_COUNT(&set);
  if (n <= 0) n = static_cast<int>(std::thread::hardware_concurrency());
  if (const int quota = cgroupCpuLimit(); quota > 0) n = std::min(n, quota);
  return std::max(n, 1);
}

struct Server::Impl {
  http::Responder& responder;
  ServerConfig config;
  core::Telemetry& telemetry;
  std::vector<std::unique_ptr<Worker>> workers;
  std::unique_ptr<Acceptor> acceptor;
  std::unique_ptr<SignalSet> signals;
  std::atomic<bool> stopping{false};

  // Ends the drain: after the grace period whatever is still open is cut (every ioc.stop()).
  std::mutex graceMutex;
  std::condition_variable graceCv;
  bool finished = false;
  std::thread graceThread;

  asio::thread_pool queryPool;

  Impl(http::Responder& a, ServerConfig c)
      : responder(a),
        config(std::move(c)),
        telemetry(config.telemetry ? *config.telemetry : core::noTelemetry()),
        queryPool(static_cast<std::size_t>(config.queryThreads > 0 ? config.queryThreads
                                                                   : std::max(4, 2 * usableCpus()))) {
    const int n = config.threads > 0 ? config.threads : usableCpus();
    for (int i = 0; i < n; ++i) workers.push_back(std::make_unique<Worker>());
    acceptor = std::make_unique<Acceptor>(workers[0]->ioc);
    signals = std::make_unique<SignalSet>(workers[0]->ioc);
  }

  // How often a worker looks for connections past their deadline: a fraction of the shortest
  // timeout, so a timeout fires at most ~12% late, and at most 4 times a second.
  Clock::duration sweepInterval() const {
    const auto shortest = std::min(config.requestTimeout, config.writeTimeout);
    return std::clamp<Clock::duration>(shortest / 8, std::chrono::milliseconds(5),
                                       std::chrono::milliseconds(250));
  }

  Task<> sweep(Worker& worker) {
    for (;;) {
      worker.sweepTimer.expires_after(sweepInterval());
      co_await worker.sweepTimer.async_wait(kTuple);
      if (stopping && worker.connections.empty()) co_return;  // lets the worker's run() return
      const auto now = Clock::now();
      for (Connection* conn : worker.connections) {
        if (conn->deadline <= now) {
          beast::error_code ignored;
          conn->socket.close(ignored);  // its pending read or write ends with an error
        }
      }
    }
  }

  // The answer to `req`: from the cache inline, else computed on the query pool while this
  // coroutine waits (its connection's deadline still runs). `req` lives in the caller's frame, which
  // outlives the pool's work: the pool is joined before the event loops are destroyed.
  Task<std::shared_ptr<const http::Response>> answer(const http::Request& req) {
    if (auto hit = responder.cached(req)) co_return hit;
    auto executor = co_await asio::this_coro::executor;
    co_return co_await asio::async_initiate<const asio::use_awaitable_t<Executor>,
                                            void(std::shared_ptr<const http::Response>)>(
        [this, &req, executor](auto handler) {
          asio::post(queryPool, [this, &req, handler = std::move(handler),
                                 work = asio::make_work_guard(executor)]() mutable {
            auto res = responder.respond(req);  // never throws: every failure is an answer
            asio::post(work.get_executor(), [handler = std::move(handler), res = std::move(res)]() mutable {
              std::move(handler)(std::move(res));
            });
          });
        },
        asio::use_awaitable_t<Executor>{});
  }

  // Writes `res` framed for the client; the body goes straight from `res` (often the cache).
  Task<beast::error_code> write(Connection& conn, std::string& head, const http::Response& res,
                                const Framing& framing) {
    head.clear();
    const std::string_view body = appendResponseHead(head, res, framing);
    conn.deadline = Clock::now() + config.writeTimeout;
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(head),
                                                    asio::buffer(body.data(), body.size())};
    auto [ec, n] = co_await asio::async_write(conn.socket, buffers, kTuple);
    co_return ec;
  }

  Task<> refuse(Connection& conn, std::string& head, int status, unsigned version) {
    http::Response res = http::problem(status, status == 431   ? "request header fields too large"
                                               : status == 413 ? "request body too large"
                                                               : "malformed HTTP request");
    res.set("Cache-Control", "no-store");
    co_await write(conn, head, res, Framing{version == 10 ? 10u : 11u, false, false, currentHttpDate()});
    // Refused before routing: no route, and the method may be anything the client sent.
    telemetry.request({core::kUnmatchedRoute, "other", status, 0.0, res.body.size()});
  }

  Task<> session(Worker& worker, Socket socket) {
    Connection conn(std::move(socket));
    worker.connections.push_front(&conn);
    telemetry.connectionOpened();
    struct Unlink {
      Worker& w;
      std::list<Connection*>::iterator it;
      core::Telemetry& telemetry;
      ~Unlink() {
        w.connections.erase(it);
        telemetry.connectionClosed();
      }
    } unlink{worker, worker.connections.begin(), telemetry};

    std::string remote;
    if (config.accessLog) {
      beast::error_code ec;
      auto ep = conn.socket.remote_endpoint(ec);
      if (!ec) remote = ep.address().to_string() + ":" + std::to_string(ep.port());
    }
    beast::flat_buffer buffer;
    http::Request req;  // reused, with its strings' capacity, for every request on the connection
    std::string head;   // likewise the response head
    head.reserve(1024);
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(config.headerLimit));
      // The largest limit any route has, so that the header is read whatever its Content-Length; the
      // target's own limit is applied below, once the target is known.
      parser.body_limit(std::max(config.bodyLimit, http::kMaxWebhookBodyBytes));
      conn.deadline = Clock::now() + config.requestTimeout;
      conn.busy = false;
      if (stopping) break;
      auto [ec, n] = co_await bhttp::async_read_header(conn.socket, buffer, parser, kTuple);
      conn.busy = true;
      const auto started = Clock::now();
      if (!ec && !framingIsUnambiguous(parser)) {
        co_await refuse(conn, head, 400, parser.get().version());
        break;
      }
      if (!ec) {
        const std::size_t limit = http::requestBodyLimit(parser.get().target(), config.bodyLimit);
        parser.body_limit(limit);  // what chunked bodies are held to
        if (parser.content_length() && *parser.content_length() > limit) {
          co_await refuse(conn, head, 413, parser.get().version());
          break;
        }
      }
      if (!ec && parser.get()[bhttp::field::expect] == "100-continue" && !parser.is_done()) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        std::tie(ec, n) = co_await asio::async_write(conn.socket, asio::buffer(kContinue), kTuple);
      }
      if (!ec && !parser.is_done())
        std::tie(ec, n) = co_await bhttp::async_read(conn.socket, buffer, parser, kTuple);
      if (ec) {
        if (int status = statusForReadError(ec)) co_await refuse(conn, head, status, parser.get().version());
        break;
      }
      auto& breq = parser.get();
      toRequest(breq, req);
      const std::shared_ptr<const http::Response> res = co_await answer(req);
      const bool keepAlive = breq.keep_alive() && !stopping;
      const Framing framing{breq.version() == 10 ? 10u : 11u, keepAlive, breq.method() == bhttp::verb::head,
                            currentHttpDate()};
      const auto wec = co_await write(conn, head, *res, framing);
      if (config.telemetry || config.accessLog)
        recordAnswer(req, *res, framing, Clock::now() - started, remote);
      if (wec || !keepAlive) break;
    }
    beast::error_code ignored;
    conn.socket.shutdown(tcp::socket::shutdown_send, ignored);
    conn.socket.close(ignored);
  }

  // The metrics and the access-log line of one answered request.
  void recordAnswer(const http::Request& req, const http::Response& res, const Framing& framing,
                    Clock::duration took, const std::string& remote) {
    const double seconds = std::chrono::duration<double>(took).count();
    const std::size_t bodyBytes = framing.headRequest || isBodiless(res.status) ? 0 : res.body.size();
    telemetry.request({res.route, core::methodLabel(req.method), res.status, seconds, bodyBytes});
    if (config.accessLog) {
      const auto query = req.target.find('?');
      http::writeAccessLog({req.method,
                            std::string_view(req.target).substr(0, query),
                            res.status,
                            bodyBytes,
                            seconds * 1000.0,
                            remote,
                            {}});
    }
  }

  Task<> acceptLoop() {
    std::size_t next = 0;
    for (;;) {
      Worker& worker = *workers[next++ % workers.size()];
      auto [ec, socket] = co_await acceptor->async_accept(worker.ioc, kTuple);
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
        // Out of descriptors or similar: back off briefly instead of spinning.
        Timer pause(acceptor->get_executor(), std::chrono::milliseconds(50));
        co_await pause.async_wait(kTuple);
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      asio::co_spawn(worker.ioc, session(worker, std::move(socket)), asio::detached);
    }
  }

  void beginShutdown() {
    if (stopping.exchange(true)) return;
    asio::post(workers[0]->ioc, [this] {
      beast::error_code ec;
      acceptor->close(ec);
      signals->cancel(ec);
    });
    graceThread = std::thread([this] {
      std::unique_lock lock(graceMutex);
      if (!graceCv.wait_for(lock, config.shutdownGrace, [this] { return finished; })) {
        for (auto& w : workers) w->ioc.stop();
      }
    });
    for (auto& w : workers) {
      asio::post(w->ioc, [&worker = *w] {
        // Idle connections go now (their pending read ends); busy ones finish their request first.
        for (Connection* conn : worker.connections) {
          beast::error_code ignored;
          if (!conn->busy) conn->socket.cancel(ignored);
        }
        worker.sweepTimer.cancel();  // so that an empty worker returns at once
      });
    }
  }
};

Server::Server(http::Responder& responder, ServerConfig config)
    : impl_(std::make_unique<Impl>(responder, std::move(config))) {}
Server::~Server() {
  {
    std::lock_guard lock(impl_->graceMutex);
    impl_->finished = true;
  }
  impl_->graceCv.notify_all();
  if (impl_->graceThread.joinable()) impl_->graceThread.join();
}

void Server::listen() {
  raiseFileLimit();
  auto& a = *impl_->acceptor;
  const tcp::endpoint endpoint(asio::ip::make_address(impl_->config.address), impl_->config.port);
  a.open(endpoint.protocol());
  a.set_option(asio::socket_base::reuse_address(true));
  a.bind(endpoint);
  a.listen(asio::socket_base::max_listen_connections);
}

unsigned short Server::port() const {
  return impl_->acceptor->local_endpoint().port();
}

void Server::run(bool handleSignals) {
  auto& impl = *impl_;
  if (!impl.acceptor->is_open()) listen();
  if (handleSignals) {
    impl.signals->add(SIGINT);
    impl.signals->add(SIGTERM);
    impl.signals->async_wait([this](const beast::error_code& ec, int) {
      if (!ec) stop();
    });
  }
  asio::co_spawn(impl.workers[0]->ioc, impl.acceptLoop(), asio::detached);
  for (auto& w : impl.workers) asio::co_spawn(w->ioc, impl.sweep(*w), asio::detached);
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl.workers.size(); ++i) {
    threads.emplace_back([&ioc = impl.workers[i]->ioc] { ioc.run(); });
  }
  impl.workers[0]->ioc.run();
  for (auto& t : threads) t.join();
  // Answers still being computed finish before the loops (and the frames waiting for them) go.
  impl.queryPool.join();
  {
    std::lock_guard lock(impl.graceMutex);
    impl.finished = true;
  }
  impl.graceCv.notify_all();
}

void Server::stop() {
  impl_->beginShutdown();
}

}  // namespace hdoc::server
