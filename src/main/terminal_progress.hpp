// A progress bar on stderr, drawn only when stderr is a terminal (quiet in pipes, CI and logs).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace hdoc::cli {

class TerminalProgress {
 public:
  explicit TerminalProgress(std::string label, std::size_t minimumTotal = 10000);
  ~TerminalProgress();
  void update(std::size_t done, std::size_t total);
  void finish();

 private:
  std::string label_;
  std::size_t minimumTotal_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace hdoc::cli
