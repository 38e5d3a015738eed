#include "support/request_text.hpp"

namespace hdoc::fuzz {
namespace {

// The next line without its terminator ("\n" or "\r\n"); advances `text` past it.
std::string_view takeLine(std::string_view& text, bool& found) {
  const auto end = text.find('\n');
  found = end != std::string_view::npos;
  std::string_view line = text.substr(0, end);
  text.remove_prefix(found ? end + 1 : text.size());
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

http::Request requestFromText(std::string_view text) {
  http::Request req;
  bool found = false;
  std::string_view line = takeLine(text, found);
  const auto space = line.find(' ');
  req.method = std::string(line.substr(0, space));
  if (space != std::string_view::npos) {
    std::string_view target = line.substr(space + 1);
    target = target.substr(0, target.find(' '));  // drop " HTTP/1.1"
    req.target = std::string(target);
  }
  while (found) {
    line = takeLine(text, found);
    if (line.empty()) break;
    const auto colon = line.find(':');
    std::string_view name = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    req.headers.push_back({std::string(name), std::string(value)});
  }
  req.body = std::string(text);
  return req;
}

}  // namespace hdoc::fuzz
