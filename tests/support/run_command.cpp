#include "support/run_command.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace hdoc::testing {

CommandResult runCommand(const std::vector<std::string>& argv, const std::string& stdinText,
                         const std::map<std::string, std::string>& extraEnv) {
  signal(SIGPIPE, SIG_IGN);  // a child that exits early must not kill the test with SIGPIPE
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
    throw std::runtime_error("pipe");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork");
  if (pid == 0) {
    dup2(in[0], 0), dup2(out[1], 1), dup2(err[1], 2);
    for (const auto& [k, v] : extraEnv) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(in[0]), close(out[1]), close(err[1]);
  CommandResult result;
  std::size_t written = 0;
  if (stdinText.empty()) close(in[1]), in[1] = -1;
  // Feed stdin and drain both outputs together, so a large output never deadlocks the child.
  while (true) {
    pollfd fds[3] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {in[1], POLLOUT, 0}};
    const nfds_t n = in[1] >= 0 ? 3 : 2;
    if (fds[0].fd < 0 && fds[1].fd < 0) break;
    if (poll(fds, n, -1) < 0) break;
    char buf[65536];
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP))) {
        const ssize_t r = read(fds[i].fd, buf, sizeof buf);
        if (r <= 0) {
          close(i == 0 ? out[0] : err[0]);
          (i == 0 ? out[0] : err[0]) = -1;
        } else {
          (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(r));
        }
      }
    }
    if (n == 3 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t w = write(in[1], stdinText.data() + written, stdinText.size() - written);
      if (w > 0) written += static_cast<std::size_t>(w);
      if (w < 0 || written == stdinText.size()) close(in[1]), in[1] = -1;
    }
    if (out[0] < 0 && err[0] < 0) break;
  }
  if (in[1] >= 0) close(in[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace hdoc::testing
