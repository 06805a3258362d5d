-- wrk script for bench/run.py: GETs paths read from a file (one per line), picked at random per request,
-- and prints the summary as one JSON line ("BENCH_JSON {...}") for the harness to parse.
-- Usage: wrk ... -s bench/wrk.lua http://127.0.0.1:PORT -- /path/to/paths.txt
local paths = {}

function init(args)
  local file = args[1]
  for line in io.lines(file) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  if #paths == 0 then error("no paths in " .. tostring(file)) end
  -- Different seed per thread: wrk gives every thread its own Lua state.
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
