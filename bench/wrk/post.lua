-- wrk script: POST to PATH, each request with a JSON body of its own.
-- BODIES names a file of JSON bodies, one a line; thread i of n sends lines i, i+n, ...
-- A line "PATH<tab>JSON" posts to a path of its own (a route with the aggregate's id in it).
-- TOKEN is the bearer token. done() prints one JSON line with the figures.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

function init(args)
  local n = tonumber(os.getenv("WRK_THREADS"))
  bodies, paths, position = {}, {}, 0
  path = os.getenv("PATH_TO_POST")
  local own_paths = os.getenv("OWN_PATHS") ~= "0"
  local i = 0
  for line in io.lines(os.getenv("BODIES")) do
    if i % n == index - 1 then
      local own, body = line:match("^([^\t]*)\t(.*)$")
      paths[#paths + 1] = (own_paths and own) or path
      bodies[#bodies + 1] = body or line
    end
    i = i + 1
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
  statuses = {}
end

function request()
  position = position + 1
  local k = (position - 1) % #bodies + 1
  return wrk.format(nil, paths[k], nil, bodies[k])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  local reused = false
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for status, n in pairs(s) do counts[tostring(status)] = (counts[tostring(status)] or 0) + n end
    if thread:get("position") > #thread:get("bodies") then reused = true end
  end
  local parts = {}
  for status, n in pairs(counts) do parts[#parts + 1] = string.format('"%s": %d', status, n) end
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"socket_errors": %d, "bodies_reused": %s, "statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, tostring(reused), table.concat(parts, ", ")))
end
