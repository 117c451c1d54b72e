-- wrk script for the Mosaic load runs.
--   wrk ... -s bench/load/requests.lua <base-url> -- <path-prefix> <path-suffix> <ids> [header ...]
-- Cycles through ids 1..<ids> as <path-prefix><id><path-suffix> ("-" for no suffix), sends each
-- "Name: value" header, counts answers that carry Mosaic-Degraded, and prints one machine-readable line with
-- throughput, errors and latency percentiles in microseconds (wrk's own --latency output stops at p99).

local requests_list = {}
local next_index = 1
local degraded = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  local prefix = args[1] or "/"
  local suffix = args[2] or "-"
  if suffix == "-" then suffix = "" end
  local ids = tonumber(args[3] or "1")
  local headers = {}
  for i = 4, #args do
    local name, value = string.match(args[i], "^([^:]+):%s*(.*)$")
    if name then headers[name] = value end
  end
  for id = 1, ids do
    requests_list[id] = wrk.format("GET", prefix .. id .. suffix, headers)
  end
  -- Threads start at different ids so that they do not ask for the same entity in lockstep.
  next_index = ((thread_number or 1) - 1) * 37 % ids + 1
end

function request()
  local r = requests_list[next_index]
  next_index = next_index % #requests_list + 1
  return r
end

function response(status, headers, body)
  if headers["Mosaic-Degraded"] ~= nil then
    degraded = degraded + 1
  end
end

function done(summary, latency, requests)
  local degraded_total = 0
  for _, thread in ipairs(threads) do
    degraded_total = degraded_total + (thread:get("degraded") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.1f non2xx=%d connect_err=%d read_err=%d write_err=%d timeouts=%d degraded=%d " ..
    "p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.1f\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    e.status, e.connect, e.read, e.write, e.timeout, degraded_total,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean))
end
