#!/usr/bin/env python3
"""Load clients for bench/bounded/run.sh (standard library only).

  probe PORT SECONDS OUT      small reads (/api/leaderboard?limit=10) on 4 keep-alive connections,
                              one every 5 ms, for SECONDS or until OUT.stop exists; writes latencies (ms)
  walk PORT START OUT         follows Link: rel="next" from START to the end; writes pages, bytes, seconds
  spray PORT N OUT            N clients at once, each GET /api/users?x=<i> on its own connection
"""
import http.client, json, os, re, sys, threading, time

def conn(port):
    return http.client.HTTPConnection("127.0.0.1", int(port), timeout=600)

def probe(port, seconds, out):
    conns = [conn(port) for _ in range(4)]
    lat, errors, i, end = [], [], 0, time.monotonic() + float(seconds)
    while time.monotonic() < end and not os.path.exists(out + ".stop"):
        c = conns[i % 4]
        t0 = time.monotonic()
        try:
            c.request("GET", "/api/leaderboard?limit=10")
            r = c.getresponse(); r.read()
            if r.status != 200: errors.append(f"status {r.status}")
        except (OSError, http.client.HTTPException) as e:
            # A server that drops a waiting connection (a timeout) failed that read: counted, reconnected.
            errors.append(repr(e)); c.close(); conns[i % 4] = conn(port)
        i += 1
        lat.append((time.monotonic() - t0) * 1000)
        time.sleep(max(0, 0.005 - (time.monotonic() - t0)))
    json.dump({"latencies_ms": lat, "errors": errors}, open(out, "w"))

def walk(port, start, out):
    c, target = conn(port), start
    pages = items = size = 0
    largest = 0
    t0 = time.monotonic()
    while target:
        c.request("GET", target)
        r = c.getresponse(); body = r.read()
        if r.status != 200: raise SystemExit(f"{target}: {r.status} {body[:200]!r}")
        pages += 1; size += len(body); largest = max(largest, len(body))
        items += body.count(b'"githubProfile"')
        link = r.getheader("Link") or ""
        m = re.match(r"<([^>]*)>; rel=\"next\"", link)
        target = m.group(1) if m else None
    json.dump({"pages": pages, "items": items, "bytes": size, "largest": largest,
               "seconds": time.monotonic() - t0}, open(out, "w"))

def spray(port, n, out):
    sizes, errors = [0] * int(n), []
    def one(i):
        try:
            c = conn(port); c.request("GET", f"/api/users?x={i}")
            r = c.getresponse(); sizes[i] = len(r.read())
        except Exception as e:
            errors.append(str(e))
    t0 = time.monotonic()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(int(n))]
    for t in threads: t.start()
    for t in threads: t.join()
    json.dump({"clients": int(n), "bytes_each": max(sizes), "errors": errors,
               "seconds": time.monotonic() - t0}, open(out, "w"))

if __name__ == "__main__":
    {"probe": probe, "walk": walk, "spray": spray}[sys.argv[1]](*sys.argv[2:])
