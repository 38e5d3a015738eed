// The only translation unit that includes Boost.Beast/Asio for serving (each costs ~25 s to
// compile): keep it that way.
#include "server/server.hpp"

#include <sys/resource.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <list>
#include <mutex>
#include <thread>

#include "http/access_log.hpp"
#include "http/problem.hpp"

namespace hdoc::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::experimental::as_tuple(asio::use_awaitable);

namespace {

// Status for a request the parser refused, or 0 when the connection should just close.
int statusForReadError(const beast::error_code& ec) {
  if (ec == bhttp::error::header_limit) return 431;
  if (ec == bhttp::error::body_limit) return 413;
  if (ec == bhttp::error::bad_version) return 505;
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category()) return 400;
  return 0;  // I/O error, timeout, reset: nobody to answer
}

std::string httpDate() {
  char buf[64];
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

// RFC 9112 section 6.1 and RFC 9110 section 5.5. Beast frames a request whose Transfer-Encoding does
// not end in "chunked" ("identity", unknown or obs-folded codings) by its Content-Length or as bodiless,
// where a proxy in front of hdoc may frame the same bytes differently (request smuggling); and it passes
// NUL inside field values through. Such requests are refused with 400 and the connection closed.
template <class Parser>
bool framingIsUnambiguous(const Parser& parser) {
  const auto& req = parser.get();
  if (req.find(bhttp::field::transfer_encoding) != req.end() && (!parser.chunked() || req.version() < 11)) {
    return false;
  }
  for (const auto& field : req) {
    if (field.value().find('\0') != std::string_view::npos) return false;
  }
  return true;
}

void raiseFileLimit() {
  // Thousands of idle keep-alive connections each hold a descriptor.
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

}  // namespace

struct Server::Impl {
  http::Api& api;
  ServerConfig config;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  asio::signal_set signals{ioc};
  std::atomic<bool> stopping{false};

  // Ends the drain: after the grace period whatever is still open is cut (ioc.stop()).
  std::mutex graceMutex;
  std::condition_variable graceCv;
  bool finished = false;
  std::thread graceThread;

  // Live connections, so that shutdown can close the idle ones at once.
  struct Connection {
    beast::tcp_stream stream;
    bool busy = false;  // a request is being read past its first byte, handled or written
    explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  };
  std::mutex connectionsMutex;
  std::list<std::weak_ptr<Connection>> connections;

  Impl(http::Api& a, ServerConfig c) : api(a), config(std::move(c)) {}

  bhttp::response<bhttp::string_body> toBeast(http::Response&& res, unsigned version, bool head) {
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
    out.set(bhttp::field::server, "hdoc");
    out.set(bhttp::field::date, httpDate());
    for (auto& h : res.headers) out.set(h.name, std::move(h.value));
    const bool bodiless = res.status == 204 || res.status == 304 || (res.status >= 100 && res.status < 200);
    if (!bodiless) {
      out.content_length(res.body.size());
      if (!head) out.body() = std::move(res.body);
    }
    return out;
  }

  asio::awaitable<void> refuse(Connection& conn, int status, unsigned version) {
    http::Response res = http::problem(status, status == 431   ? "request header fields too large"
                                               : status == 413 ? "request body too large"
                                                               : "malformed HTTP request");
    auto out = toBeast(std::move(res), version ? version : 11, false);
    out.keep_alive(false);
    conn.stream.expires_after(config.writeTimeout);
    co_await bhttp::async_write(conn.stream, out, kTuple);
  }

  asio::awaitable<void> session(std::shared_ptr<Connection> conn) {
    std::string remote;
    {
      beast::error_code ec;
      auto ep = conn->stream.socket().remote_endpoint(ec);
      if (!ec) remote = ep.address().to_string() + ":" + std::to_string(ep.port());
    }
    beast::flat_buffer buffer;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(config.headerLimit));
      parser.body_limit(config.bodyLimit);
      conn->stream.expires_after(config.requestTimeout);
      conn->busy = false;
      if (stopping) break;
      auto [ec, n] = co_await bhttp::async_read_header(conn->stream, buffer, parser, kTuple);
      conn->busy = true;
      const auto started = std::chrono::steady_clock::now();
      // RFC 9112 6.1: a request whose Transfer-Encoding is anything but a lone final "chunked"
      // cannot be framed reliably (the classic smuggling vector): refuse it and close.
      if (!ec && parser.get().count(bhttp::field::transfer_encoding) &&
          (parser.get().count(bhttp::field::transfer_encoding) > 1 ||
           !beast::iequals(parser.get()[bhttp::field::transfer_encoding], "chunked"))) {
        co_await refuse(*conn, 400, parser.get().version());
        break;
      }
      if (!ec && !framingIsUnambiguous(parser)) {
        co_await refuse(*conn, 400, parser.get().version());
        break;
      }
      if (!ec && parser.get()[bhttp::field::expect] == "100-continue" && !parser.is_done()) {
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, parser.get().version()};
        std::tie(ec, n) = co_await bhttp::async_write(conn->stream, cont, kTuple);
      }
      if (!ec && !parser.is_done())
        std::tie(ec, n) = co_await bhttp::async_read(conn->stream, buffer, parser, kTuple);
      if (ec) {
        if (int status = statusForReadError(ec)) co_await refuse(*conn, status, parser.get().version());
        break;
      }
      auto& breq = parser.get();
      http::Request req;
      req.method = std::string(breq.method_string());
      req.target = std::string(breq.target());
      req.headers.reserve(8);
      for (const auto& field : breq)
        req.headers.push_back({std::string(field.name_string()), std::string(field.value())});
      req.body = std::move(breq.body());
      const bool head = breq.method() == bhttp::verb::head;
      http::Response res = api.handle(req);
      const int status = res.status;
      auto out = toBeast(std::move(res), breq.version(), head);
      const bool keepAlive = breq.keep_alive() && !stopping;
      out.keep_alive(keepAlive);
      const std::size_t bytes = out.body().size();
      conn->stream.expires_after(config.writeTimeout);
      auto [wec, written] = co_await bhttp::async_write(conn->stream, out, kTuple);
      if (config.accessLog) {
        const auto elapsed =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
        const auto query = req.target.find('?');
        http::writeAccessLog({req.method,
                              std::string_view(req.target).substr(0, query),
                              status,
                              bytes,
                              elapsed.count(),
                              remote,
                              {}});
      }
      if (wec || !keepAlive) break;
    }
    beast::error_code ignored;
    conn->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    conn->stream.close();
  }

  asio::awaitable<void> acceptLoop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), kTuple);
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        // Out of descriptors or similar: back off briefly instead of spinning.
        asio::steady_timer pause(ioc, std::chrono::milliseconds(50));
        co_await pause.async_wait(kTuple);
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      auto executor = socket.get_executor();
      auto conn = std::make_shared<Connection>(std::move(socket));
      {
        std::lock_guard lock(connectionsMutex);
        std::erase_if(connections, [](const auto& w) { return w.expired(); });
        connections.push_back(conn);
      }
      asio::co_spawn(executor, session(conn), asio::detached);
    }
  }

  void beginShutdown() {
    if (stopping.exchange(true)) return;
    asio::post(ioc, [this] {
      beast::error_code ec;
      acceptor.close(ec);
      signals.cancel(ec);
    });
    graceThread = std::thread([this] {
      std::unique_lock lock(graceMutex);
      if (!graceCv.wait_for(lock, config.shutdownGrace, [this] { return finished; })) ioc.stop();
    });
    std::lock_guard lock(connectionsMutex);
    for (auto& weak : connections) {
      if (auto conn = weak.lock()) {
        asio::post(conn->stream.get_executor(), [conn] {
          if (!conn->busy) conn->stream.cancel();
        });
      }
    }
  }
};

Server::Server(http::Api& api, ServerConfig config) : impl_(std::make_unique<Impl>(api, std::move(config))) {}
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
  auto& a = impl_->acceptor;
  const tcp::endpoint endpoint(asio::ip::make_address(impl_->config.address), impl_->config.port);
  a.open(endpoint.protocol());
  a.set_option(asio::socket_base::reuse_address(true));
  a.bind(endpoint);
  a.listen(asio::socket_base::max_listen_connections);
}

unsigned short Server::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void Server::run(bool handleSignals) {
  if (!impl_->acceptor.is_open()) listen();
  auto& ioc = impl_->ioc;
  if (handleSignals) {
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
    impl_->signals.async_wait([this](const beast::error_code& ec, int) {
      if (!ec) stop();
    });
  }
  asio::co_spawn(ioc, impl_->acceptLoop(), asio::detached);
  const int n = impl_->config.threads > 0
                    ? impl_->config.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> threads;
  for (int i = 1; i < n; ++i) threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
  {
    std::lock_guard lock(impl_->graceMutex);
    impl_->finished = true;
  }
  impl_->graceCv.notify_all();
}

void Server::stop() {
  impl_->beginShutdown();
}

}  // namespace hdoc::server
