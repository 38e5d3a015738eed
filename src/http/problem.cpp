#include "http/problem.hpp"

#include "core/json_writer.hpp"

namespace hdoc::http {

std::string_view reasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

Response problem(int status, std::string_view detail, std::string_view instance,
                 const std::vector<core::ParamError>& invalid) {
  Response res;
  res.status = status;
  std::string& b = res.body;
  b = "{\"type\":\"about:blank\",\"title\":";
  core::appendJsonString(b, reasonPhrase(status));
  b += ",\"status\":" + std::to_string(status) + ",\"detail\":";
  core::appendJsonString(b, detail);
  if (!instance.empty()) {
    b += ",\"instance\":";
    core::appendJsonString(b, instance);
  }
  if (!invalid.empty()) {
    b += ",\"invalid-params\":[";
    for (std::size_t i = 0; i < invalid.size(); ++i) {
      if (i) b.push_back(',');
      b += "{\"name\":";
      core::appendJsonString(b, invalid[i].name);
      b += ",\"reason\":";
      core::appendJsonString(b, invalid[i].reason);
      b.push_back('}');
    }
    b.push_back(']');
  }
  b.push_back('}');
  res.headers.push_back({"Content-Type", std::string(kProblemType)});
  return res;
}

}  // namespace hdoc::http
