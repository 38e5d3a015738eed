#include "lambda/runtime_client.hpp"

#include <curl/curl.h>

#include <boost/json.hpp>
#include <charconv>
#include <mutex>
#include <vector>

#include "core/text.hpp"

namespace hdoc::lambda {
namespace {

struct Reply {
  long status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  std::string_view header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
      if (core::asciiEqualsIgnoreCase(n, name)) return v;
    }
    return {};
  }
};

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<Reply*>(user)->body.append(data, size * count);
  return size * count;
}

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user) {
  std::string_view line(data, size * count);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    static_cast<Reply*>(user)->headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  } else if (line.rfind("HTTP/", 0) == 0) {
    static_cast<Reply*>(user)->headers.clear();  // a new response (after 100 Continue)
  }
  return size * count;
}

}  // namespace

struct RuntimeClient::Impl {
  std::string base;  // http://host:port/2018-06-01/runtime
  CURL* curl = nullptr;

  Reply request(const std::string& path, const std::string_view* postBody, const char* errorType) {
    curl_easy_reset(curl);  // keeps the connection, drops the previous request's options
    Reply reply;
    const std::string url = base + path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    // The Runtime API is local to the sandbox: never go through a proxy from the environment.
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply);
    curl_slist* headers = nullptr;
    // curl would otherwise send "Expect: 100-continue" for bodies over 1 KiB and wait for it.
    headers = curl_slist_append(headers, "Expect:");
    headers = curl_slist_append(headers, "Content-Type: application/json");
    std::string errorHeader;
    if (errorType != nullptr) {
      errorHeader = std::string("Lambda-Runtime-Function-Error-Type: ") + errorType;
      headers = curl_slist_append(headers, errorHeader.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (postBody != nullptr) {
      curl_easy_setopt(curl, CURLOPT_POST, 1L);
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, postBody->data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(postBody->size()));
    } else {
      curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    }
    const CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
      throw RuntimeApiError("runtime API " + path + ": " + curl_easy_strerror(rc));
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
    return reply;
  }

  void post(const std::string& path, std::string_view body, const char* errorType) {
    const Reply reply = request(path, &body, errorType);
    // 202 Accepted is success. 400/403/413 concern this one invocation (bad id, already answered,
    // payload too large): reported, and the loop goes on. 500 means the environment is broken.
    if (reply.status == 202) return;
    if (reply.status >= 500 || reply.status < 200) {
      throw RuntimeApiError("runtime API " + path + " answered " + std::to_string(reply.status) + ": " +
                            reply.body);
    }
    throw std::runtime_error("runtime API " + path + " answered " + std::to_string(reply.status) + ": " +
                             reply.body);
  }
};

RuntimeClient::RuntimeClient(const std::string& endpoint) : impl_(std::make_unique<Impl>()) {
  static std::once_flag globalInit;
  std::call_once(globalInit, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  impl_->base = "http://" + endpoint + "/2018-06-01/runtime";
  impl_->curl = curl_easy_init();
  if (impl_->curl == nullptr) throw RuntimeApiError("curl_easy_init failed");
}

RuntimeClient::~RuntimeClient() {
  if (impl_ && impl_->curl != nullptr) curl_easy_cleanup(impl_->curl);
}

Invocation RuntimeClient::next() {
  const Reply reply = impl_->request("/invocation/next", nullptr, nullptr);
  if (reply.status != 200) {
    throw RuntimeApiError("runtime API /invocation/next answered " + std::to_string(reply.status) + ": " +
                          reply.body);
  }
  Invocation invocation;
  invocation.requestId = std::string(reply.header("Lambda-Runtime-Aws-Request-Id"));
  if (invocation.requestId.empty()) {
    throw RuntimeApiError("runtime API /invocation/next sent no Lambda-Runtime-Aws-Request-Id");
  }
  const auto deadline = reply.header("Lambda-Runtime-Deadline-Ms");
  std::from_chars(deadline.data(), deadline.data() + deadline.size(), invocation.deadlineMs);
  invocation.traceId = std::string(reply.header("Lambda-Runtime-Trace-Id"));
  invocation.functionArn = std::string(reply.header("Lambda-Runtime-Invoked-Function-Arn"));
  invocation.event = reply.body;
  return invocation;
}

void RuntimeClient::postResponse(const std::string& requestId, std::string_view payload) {
  impl_->post("/invocation/" + requestId + "/response", payload, nullptr);
}

void RuntimeClient::postError(const std::string& requestId, const ErrorReport& error) {
  impl_->post("/invocation/" + requestId + "/error", errorPayload(error), error.errorType.c_str());
}

void RuntimeClient::postInitError(const ErrorReport& error) {
  impl_->post("/init/error", errorPayload(error), error.errorType.c_str());
}

std::string errorPayload(const ErrorReport& error) {
  boost::json::object o;
  o["errorMessage"] = error.errorMessage;
  o["errorType"] = error.errorType;
  o["stackTrace"] = boost::json::array();
  return boost::json::serialize(o);
}

}  // namespace hdoc::lambda
