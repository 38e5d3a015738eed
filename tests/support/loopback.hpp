// Loopback sockets for tests, both ends, with the kernel choosing the ports.
#pragma once

namespace hdoc::testing {

// A TCP socket connected to 127.0.0.1:port (close-on-exec), or -1. Throws nothing, so that a forked
// child may use it too.
int connectLoopback(unsigned short port);

// A socket listening on 127.0.0.1 at a port the kernel picked (close-on-exec, SO_REUSEADDR); the port
// is stored in `port`. Throws when it cannot listen.
int listenLoopback(unsigned short& port, int backlog = 16);

// A port nobody listens on right now (bound, read and released: for servers that must be told a port).
unsigned short freeLoopbackPort();

}  // namespace hdoc::testing
