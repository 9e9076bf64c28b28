-- wrk script for bench/load.sh: each request takes the next path from the file given after
-- "--" (one per line), each thread starting at its own offset; after the run it prints one
-- line "JSON {...}" with the latencies (microseconds) and the answers by status class.
local paths = {}
local index = 0
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then table.insert(paths, line) end
  end
  index = (id or 1) * 7 % #paths
  s2, s3, s4, s5, s503 = 0, 0, 0, 0, 0
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function response(status, headers, body)
  if status == 503 then s503 = s503 + 1
  elseif status >= 500 then s5 = s5 + 1
  elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1
  else s2 = s2 + 1 end
end

function done(summary, latency, requests)
  local t = {s2 = 0, s3 = 0, s4 = 0, s5 = 0, s503 = 0}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(t) do t[key] = t[key] + (thread:get(key) or 0) end
  end
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"status_2xx": %d, "status_3xx": %d, "status_4xx": %d, "status_503": %d, "status_5xx_other": %d, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, t.s2, t.s3, t.s4, t.s503, t.s5,
    e.connect, e.read, e.write, e.timeout))
end
