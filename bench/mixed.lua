-- wrk script: the requests one home-page view makes, in turn on every connection.
-- The paths come after `--` on wrk's command line (run.sh passes the home page's list), so the same
-- script drives every peer. Requests are formatted once, so wrk's own cost stays out of the figures.
local requests = {}
local next_index = 0

function init(args)
  for i, path in ipairs(args) do
    requests[i] = wrk.format("GET", path)
  end
  if #requests == 0 then
    error("mixed.lua: pass the paths after --")
  end
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end
