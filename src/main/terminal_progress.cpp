#include "main/terminal_progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace hdoc::cli {

TerminalProgress::TerminalProgress(std::string label, std::size_t minimumTotal)
    : label_(std::move(label)), minimumTotal_(minimumTotal), enabled_(isatty(STDERR_FILENO) == 1) {}

TerminalProgress::~TerminalProgress() {
  finish();
}

void TerminalProgress::update(std::size_t done, std::size_t total) {
  if (!enabled_ || total < minimumTotal_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done != total && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(kWidth * done / (total ? total : 1));
  std::fprintf(stderr, "\r%s [%.*s%*s] %3zu%% %zu/%zu", label_.c_str(), filled,
               "##############################", kWidth - filled, "", total ? done * 100 / total : 100, done,
               total);
  std::fflush(stderr);
  drawn_ = true;
}

void TerminalProgress::finish() {
  if (drawn_) std::fputc('\n', stderr);
  drawn_ = false;
}

}  // namespace hdoc::cli
