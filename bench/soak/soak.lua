-- wrk script for the soak: the home page's reads (90 %) and the write API (10 %: daily entries,
-- profile edits, new articles) from signed-in writers, counting every status so that run.sh can
-- insist on zero 5xx and zero unexpected answers.
-- Arguments after `--`: the writers file (tokens.py) and "read-only" to skip writes.
local writers = {}
local reads = {}
local n = 0
local counts = {}
local thread_id = 0
local dates = {}
local write_share = 10

local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("thread_id", thread_id)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local profile, token = line:match("^(%S+) (%S+)$")
    if profile then table.insert(writers, { profile = profile, token = token }) end
  end
  if args[2] == "read-only" then write_share = 0 end
  for _, path in ipairs({ "/api/leaderboard?limit=10", "/api/tags?limit=20", "/api/articles/AWS?limit=5",
                          "/api/users/recent?limit=10", "/api/leaderboard?limit=100", "/api/articles?limit=20" }) do
    table.insert(reads, wrk.format("GET", path))
  end
  for day = 1, 100 do dates[day] = os.date("!%Y-%m-%d", 1735689600 + day * 86400) end  -- from 2025-01-02
  n = thread_id * 7919
  counts = { ["2xx"] = 0, ["304"] = 0, ["4xx"] = 0, ["5xx"] = 0, other = 0, writes = 0 }
end

local function write_request(w, k)
  local headers = { ["Authorization"] = "Bearer " .. w.token, ["Content-Type"] = "application/json" }
  local kind = k % 10
  if kind < 6 then
    -- The same (writer, platform, day) always gets the same url and date: a repeat is 200 "identical".
    local day = math.floor((k) / 10) % 100 + 1
    local platform = math.floor((k) / 1000) % 2 == 0 and "github" or "twitter"
    local body = string.format('{"day":%d,"platform":"%s","url":"https://example.com/%s/%s/%d","date":"%s"}',
      day, platform, w.profile, platform, day, dates[day])
    return wrk.format("POST", "/api/users/" .. w.profile .. "/entries", headers, body)
  elseif kind < 9 then
    return wrk.format("PATCH", "/api/users/" .. w.profile, headers, string.format('{"name":"Soak %d"}', k))
  else
    local tags = { "AWS", "GCP", "Azure", "Soak" }
    local body = string.format('{"title":"Soak %d","subtitle":"s","image":"https://example.com/i.png","tags":"%s"}',
      k, tags[k % 4 + 1])
    return wrk.format("POST", "/api/articles", headers, body)
  end
end

function request()
  n = n + 1
  if write_share > 0 and n % 10 == 0 then
    counts.writes = counts.writes + 1
    local w = writers[math.floor((n) / 10) % #writers + 1]
    return write_request(w, math.floor(n / 10))
  end
  if n % 10 == 5 then
    local w = writers[n % #writers + 1]
    return wrk.format("GET", (n % 20 == 5) and ("/api/users/" .. w.profile) or ("/api/users/" .. w.profile .. "/entries"))
  end
  return reads[n % #reads + 1]
end

function response(status, headers, body)
  if status == 304 then counts["304"] = counts["304"] + 1
  elseif status >= 200 and status < 300 then counts["2xx"] = counts["2xx"] + 1
  elseif status >= 500 then counts["5xx"] = counts["5xx"] + 1
  elseif status >= 400 then counts["4xx"] = counts["4xx"] + 1
  else counts.other = counts.other + 1 end
  -- wrk's thread:get only reads globals that are plain values.
  c2xx, c304, c4xx, c5xx, cother, cwrites = counts["2xx"], counts["304"], counts["4xx"], counts["5xx"], counts.other, counts.writes
end

function done(summary, latency, requests)
  local total = { c2xx = 0, c304 = 0, c4xx = 0, c5xx = 0, cother = 0, cwrites = 0 }
  for _, thread in ipairs(threads) do
    for key, _ in pairs(total) do total[key] = total[key] + (thread:get(key) or 0) end
  end
  local e = summary.errors
  io.write(string.format("SOAK requests=%d duration_s=%.1f rps=%.0f 2xx=%d 304=%d 4xx=%d 5xx=%d other=%d writes=%d " ..
    "socket_errors=%d connect=%d read=%d write=%d timeout=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), total.c2xx, total.c304,
    total.c4xx, total.c5xx, total.cother, total.cwrites, e.connect + e.read + e.write + e.timeout, e.connect, e.read,
    e.write, e.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
