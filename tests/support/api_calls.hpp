// Calling http::Api in-process, for the tests of the http layer (and any test that checks an answer
// of the Api itself): one way to build a request and one check of an RFC 9457 problem answer.
#pragma once

#include <string>
#include <vector>

#include "http/message.hpp"

namespace hdoc::testing {

// A request as a host would hand it to http::Api: `target` is path and query, percent-encoded.
http::Request apiRequest(std::string method, std::string target, std::vector<http::Header> headers = {},
                         std::string body = "");

// Checks `res` is an application/problem+json answer with this status, in the body too, with a
// title and a detail; when `param` is given, that the first entry of invalid-params names it.
void expectProblem(const http::Response& res, int status, const std::string& param = "");

}  // namespace hdoc::testing
