// The page rule every list route follows, on every host and store: a page holds at most `limit`
// items and at most a byte budget of JSON, so that no response grows with the data. The budget
// (4 MiB) keeps a page inside Lambda's 6 MB response payload even when the body travels base64
// encoded (4/3 of it, 5.6 MB) or JSON-escaped. A page is cut only between items, and it always
// holds at least one item when there is one, so a walk of pages always advances.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "core/json_writer.hpp"

namespace hdoc::core {

inline constexpr std::size_t kPageBytes = 4 * 1024 * 1024;

// One page of a JSON array, filled in list order by offer(). How many items a store needs to read
// for it: readLimit().
class JsonPage {
 public:
  // `limit`: the caller's item limit (nullopt: as many as fit); `maxBytes`: the page's budget.
  JsonPage(std::optional<std::size_t> limit, std::size_t maxBytes) : limit_(limit), maxBytes_(maxBytes) {
    body_.push_back('[');
  }

  // Items a store has to produce: one more than the limit, so that the page knows whether more
  // follow; nullopt when only the byte budget bounds the page.
  std::optional<std::size_t> readLimit() const {
    if (limit_) return *limit_ + 1;
    return std::nullopt;
  }

  // Offers the next item in list order. true: it is on the page. false: the page is full, and this
  // item (and everything after it) belongs to the next one: stop reading.
  template <class T>
  bool offer(const T& item) {
    if (full_) return false;
    if (limit_ && count_ == *limit_) return close();
    // Written in place, and taken back if it overflows: the budget counts the whole body, brackets
    // and separators included.
    const std::size_t before = body_.size();
    if (count_) body_.push_back(',');
    appendJson(body_, item);
    if (count_ && body_.size() + 1 > maxBytes_) {
      body_.resize(before);
      return close();
    }
    ++count_;
    return true;
  }

  std::size_t size() const { return count_; }
  // True when an item was refused: the list goes on after this page.
  bool hasMore() const { return full_; }
  // The finished body, "[...]".
  std::string finish() && {
    body_.push_back(']');
    return std::move(body_);
  }

 private:
  bool close() {
    full_ = true;
    return false;
  }

  std::optional<std::size_t> limit_;
  std::size_t maxBytes_;
  std::string body_;
  std::size_t count_ = 0;
  bool full_ = false;
};

}  // namespace hdoc::core
