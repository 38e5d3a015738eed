#include "store/dynamodb/client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <random>
#include <thread>

#include "store/dynamodb/consumed_capacity.hpp"

namespace hdoc::store::dynamodb {
namespace json = boost::json;

namespace {

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";

// One easy handle per thread: requests from one thread reuse its kept-alive connection, and no
// handle is ever shared between threads (libcurl forbids that).
class ThreadCurl {
 public:
  ThreadCurl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    handle_ = curl_easy_init();
  }
  ~ThreadCurl() {
    if (handle_) curl_easy_cleanup(handle_);
  }
  ThreadCurl(const ThreadCurl&) = delete;
  ThreadCurl& operator=(const ThreadCurl&) = delete;
  CURL* get() { return handle_; }

 private:
  CURL* handle_ = nullptr;
};

CURL* threadHandle() {
  thread_local ThreadCurl curl;
  return curl.get();
}

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void add(const std::string& h) { list = curl_slist_append(list, h.c_str()); }
};

size_t collect(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

std::string describe(const ErrorReply& e) {
  std::string out = e.type.empty() ? "HTTP " + std::to_string(e.httpStatus) : e.type;
  if (!e.message.empty()) out += " (" + e.message + ")";
  return out;
}

std::mt19937_64& threadRng() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng;
}

int retryAfterSeconds(long capMs) {
  return static_cast<int>(std::max<long>(1, (capMs + 999) / 1000));
}

}  // namespace

ErrorReply parseErrorReply(long httpStatus, std::string_view body) {
  ErrorReply e;
  e.httpStatus = httpStatus;
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) {
    e.message = std::string(body.substr(0, 200));
    return e;
  }
  const auto& o = v.get_object();
  if (auto* t = o.if_contains("__type"); t && t->is_string()) {
    std::string_view type = t->get_string();
    auto hash = type.rfind('#');
    e.type = std::string(hash == std::string_view::npos ? type : type.substr(hash + 1));
  }
  for (const char* key : {"message", "Message"}) {
    if (auto* m = o.if_contains(key); m && m->is_string()) e.message = std::string(m->get_string());
  }
  if (auto* reasons = o.if_contains("CancellationReasons"); reasons && reasons->is_array()) {
    for (const auto& r : reasons->get_array()) {
      const json::value* code = r.is_object() ? r.get_object().if_contains("Code") : nullptr;
      e.cancellationCodes.emplace_back(code && code->is_string() ? code->get_string() : "None");
    }
  }
  return e;
}

bool isRetryable(const ErrorReply& e) {
  static constexpr std::string_view kRetryableTypes[] = {"ProvisionedThroughputExceededException",
                                                         "ThrottlingException",
                                                         "RequestLimitExceeded",
                                                         "InternalServerError",
                                                         "ServiceUnavailable",
                                                         "TransactionInProgressException",
                                                         "TransactionConflictException",
                                                         "LimitExceededException"};
  if (e.httpStatus >= 500) return true;
  if (std::find(std::begin(kRetryableTypes), std::end(kRetryableTypes), e.type) !=
      std::end(kRetryableTypes)) {
    return true;
  }
  if (e.type == "TransactionCanceledException") {
    // Retryable when no item failed its condition and some were throttled or raced another
    // transaction.
    bool transient = false;
    for (const auto& code : e.cancellationCodes) {
      if (code == "ConditionalCheckFailed" || code == "ValidationError") return false;
      if (code == "TransactionConflict" || code == "ThrottlingError" ||
          code == "ProvisionedThroughputExceeded") {
        transient = true;
      }
    }
    return transient;
  }
  return false;
}

long backoffDelayMs(int retry, long baseMs, long capMs) {
  const int shift = std::clamp(retry - 1, 0, 30);
  const long ceiling = std::min(capMs, baseMs * (1L << shift));
  if (ceiling <= 0) return 0;
  return std::uniform_int_distribution<long>(0, ceiling)(threadRng());
}

Client::Client(DynamoConfig config) : config_(std::move(config)) {
  if (config_.region.empty()) throw std::invalid_argument("DynamoDB: no region configured (AWS_REGION)");
  url_ =
      config_.endpoint.empty() ? "https://dynamodb." + config_.region + ".amazonaws.com/" : config_.endpoint;
  sigv4_ = "aws:amz:" + config_.region + ":dynamodb";
  if (config_.maxAttempts < 1) config_.maxAttempts = 1;
}

void Client::backoff(int retry, const std::string& what) {
  if (retry >= config_.maxAttempts) {
    throw StoreError(
        StoreError::Kind::Unavailable,
        "DynamoDB unavailable after " + std::to_string(config_.maxAttempts) + " attempts: " + what,
        retryAfterSeconds(config_.backoffCapMs));
  }
  std::this_thread::sleep_for(
      std::chrono::milliseconds(backoffDelayMs(retry, config_.backoffBaseMs, config_.backoffCapMs)));
}

std::variant<json::object, ErrorReply> Client::tryCall(std::string_view operation,
                                                       const json::object& request) {
  core::Telemetry* const telemetry = config_.telemetry;
  const bool measured = telemetry && acceptsReturnConsumedCapacity(operation);
  std::string body;
  if (measured && !request.contains("ReturnConsumedCapacity")) {
    json::object asked = request;
    asked["ReturnConsumedCapacity"] = "TOTAL";
    body = json::serialize(asked);
  } else {
    body = json::serialize(request);
  }
  HeaderList headers;
  headers.add("Content-Type: application/x-amz-json-1.0");
  headers.add("X-Amz-Target: " + std::string(kTargetPrefix) + std::string(operation));
  // Temporary credentials (Lambda) must send their token, and it must be signed: libcurl signs
  // every x-amz-* header it is given.
  if (!config_.sessionToken.empty()) headers.add("X-Amz-Security-Token: " + config_.sessionToken);

  for (int attempt = 1;; ++attempt) {
    CURL* curl = threadHandle();
    if (!curl) throw StoreError(StoreError::Kind::Unavailable, "DynamoDB: curl_easy_init failed");
    curl_easy_reset(curl);  // keeps the connection cache: the next request reuses the connection
    std::string reply;
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
    curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, sigv4_.c_str());
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.accessKeyId.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.secretAccessKey.c_str());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, config_.timeoutMs);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    // The Lambda zip carries certs/ca-certificates.crt: Amazon Linux keeps its CA bundle elsewhere
    // than where Debian's libcurl looks, so without this every HTTPS request fails verification.
    if (const char* ca = std::getenv("HDOC_CA_BUNDLE"); ca && *ca) curl_easy_setopt(curl, CURLOPT_CAINFO, ca);
    const CURLcode transport = curl_easy_perform(curl);
    std::string failure;
    if (transport != CURLE_OK) {
      // Refused, reset or timed out: the next attempt may reach a healthy host.
      failure = std::string(operation) + ": " + (errbuf[0] ? errbuf : curl_easy_strerror(transport));
    } else {
      long status = 0;
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
      if (status == 200) {
        boost::system::error_code ec;
        json::value v = json::parse(reply, ec);
        if (!ec && v.is_object()) {
          if (measured) {
            const Capacity used = consumedCapacity(operation, v.get_object());
            telemetry->consumedCapacity(operation, used.read, used.write);
          }
          return std::move(v.get_object());
        }
        failure = std::string(operation) + ": unreadable response";
      } else {
        ErrorReply e = parseErrorReply(status, reply);
        if (!isRetryable(e)) return e;
        failure = std::string(operation) + ": " + describe(e);
      }
    }
    backoff(attempt, failure);
  }
}

json::object Client::call(std::string_view operation, const json::object& request) {
  auto result = tryCall(operation, request);
  if (auto* reply = std::get_if<json::object>(&result)) return std::move(*reply);
  raise(operation, std::get<ErrorReply>(result));
}

void Client::raise(std::string_view operation, const ErrorReply& e) const {
  const std::string what = "DynamoDB " + std::string(operation) + ": " + describe(e);
  const bool conditionFailed = e.type == "ConditionalCheckFailedException" ||
                               std::find(e.cancellationCodes.begin(), e.cancellationCodes.end(),
                                         "ConditionalCheckFailed") != e.cancellationCodes.end();
  if (conditionFailed) throw StoreError(StoreError::Kind::Conflict, what);
  if (e.type == "ValidationException" || e.type == "TransactionCanceledException" ||
      e.type == "ItemCollectionSizeLimitExceededException" || e.type == "SerializationException") {
    throw StoreError(StoreError::Kind::Invalid, what);
  }
  // Missing table, bad credentials, access denied: the store cannot be used as configured.
  throw StoreError(StoreError::Kind::Unavailable, what, retryAfterSeconds(config_.backoffCapMs));
}

std::vector<json::object> Client::batchGet(json::array keys, bool consistentRead) {
  std::vector<json::object> items;
  json::object request;
  json::object& table = request["RequestItems"].emplace_object()[config_.table].emplace_object();
  table["Keys"] = std::move(keys);
  table["ConsistentRead"] = consistentRead;
  for (int retry = 1;; ++retry) {
    json::object reply = call("BatchGetItem", request);
    if (auto* responses = reply.if_contains("Responses"); responses && responses->is_object()) {
      if (auto* found = responses->get_object().if_contains(config_.table); found && found->is_array()) {
        for (auto& item : found->get_array()) items.push_back(std::move(item.as_object()));
      }
    }
    auto* unprocessed = reply.if_contains("UnprocessedKeys");
    if (!unprocessed || !unprocessed->is_object() || unprocessed->get_object().empty()) return items;
    request["RequestItems"] = std::move(*unprocessed);
    backoff(retry, "BatchGetItem: keys left unprocessed");
  }
}

}  // namespace hdoc::store::dynamodb
