// The DynamoDB JSON protocol over HTTP(S): one signed POST per operation, retried with capped
// exponential backoff and full jitter when DynamoDB throttles or fails on its side.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/dynamodb/dynamodb_store.hpp"

namespace hdoc::store::dynamodb {

// What DynamoDB answered to a failed request: the error type is the part of "__type" after '#'.
struct ErrorReply {
  long httpStatus = 0;
  std::string type;
  std::string message;
  std::vector<std::string> cancellationCodes;  // TransactionCanceledException only
};

// Parses an error body ({"__type": "com.amazonaws.dynamodb.v20120810#ThrottlingException", ...}).
ErrorReply parseErrorReply(long httpStatus, std::string_view body);

// True when the same request may succeed if sent again later.
bool isRetryable(const ErrorReply& error);

// The delay before retry number `retry` (1 for the first retry): uniform in [0, min(cap, base*2^(retry-1))].
long backoffDelayMs(int retry, long baseMs, long capMs);

class Client {
 public:
  explicit Client(DynamoConfig config);

  // Sends `operation` ("GetItem", "Query", ...) and returns the response object. Throws
  // StoreError: Unavailable when retries run out or DynamoDB cannot be used (Retry-After from the
  // backoff cap), Conflict for a failed condition, Invalid for a request DynamoDB refuses.
  boost::json::object call(std::string_view operation, const boost::json::object& request);
  // The same with retries, but an error DynamoDB will not recover from is returned, not thrown.
  std::variant<boost::json::object, ErrorReply> tryCall(std::string_view operation,
                                                        const boost::json::object& request);

  // Throws the StoreError that call() throws for `error` (Conflict, Invalid or Unavailable).
  [[noreturn]] void raise(std::string_view operation, const ErrorReply& error) const;

  // BatchGetItem of at most 100 keys, resending UnprocessedKeys; returns the items found (any order).
  std::vector<boost::json::object> batchGet(boost::json::array keys, bool consistentRead);

  const DynamoConfig& config() const { return config_; }
  // Sleeps before retry number `retry`; throws Unavailable once `retry` reaches maxAttempts.
  void backoff(int retry, const std::string& what);

 private:
  DynamoConfig config_;
  std::string url_;
  std::string sigv4_;
};

}  // namespace hdoc::store::dynamodb
