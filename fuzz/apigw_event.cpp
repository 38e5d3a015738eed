// Fuzz target: API Gateway proxy events as the Lambda host receives them (HTTP API 2.0 and REST API
// 1.0 payloads: paths and stage prefixes, query strings, multi-value headers, cookies, base64 bodies,
// authorizer claims), decoded by lambda::decodeEvent, then a response encoded back in the same
// format with the request's body (so the UTF-8 check and base64 encoding see arbitrary bytes).
//
// Checked beyond "no crash": an event is either refused with InvalidEvent or decodes to a request
// with a method and a target; the encoded response is a JSON object.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "lambda/apigw_event.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hdoc;
  const std::string_view event(reinterpret_cast<const char*>(data), size);
  lambda::DecodedEvent decoded;
  try {
    decoded = lambda::decodeEvent(event);
  } catch (const lambda::InvalidEvent&) {
    return 0;
  }
  if (decoded.request.method.empty()) std::abort();
  if (decoded.request.target.empty()) std::abort();

  http::Response res;
  res.status = 200;
  res.set("Content-Type", "application/octet-stream");
  res.body = decoded.request.body;
  for (const auto& h : decoded.request.headers) res.headers.push_back(h);
  const std::string encoded = lambda::encodeResponse(res, decoded.format);
  boost::json::error_code ec;
  const boost::json::value v = boost::json::parse(encoded, ec);
  if (ec || !v.is_object()) std::abort();
  return 0;
}
