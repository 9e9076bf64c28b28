-- wrk script for bench/load_front.sh: every path of the file given after "--" is sent once.
-- Arguments: the file (one path per line), the number of wrk threads, and "cycle" to go round
-- the file instead (the floors, one path again and again). Thread n takes lines n, n + threads,
-- … so no two threads share a path; a thread that runs out starts again and counts each path
-- it sends a second time as a repeat (the run needs more paths then: COUNT). After the run it
-- prints one line "JSON {...}": latencies (microseconds), answers by status, socket errors.
local paths = {}
local index = 0
local threads = {}
local counter = 0
local names = {"s2xx", "s3xx", "s400_broad", "s400", "s404", "s429", "s4xx", "s500", "s502", "s503", "s504", "s5xx", "repeats", "sent"}

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(args[2]) or 1
  cycle = args[3] == "cycle"
  local n = 0
  for line in io.lines(args[1]) do
    if line ~= "" then
      if cycle or n % nthreads == (id or 1) - 1 then table.insert(paths, line) end
      n = n + 1
    end
  end
  for _, name in ipairs(names) do _G[name] = 0 end
end

function request()
  index = index + 1
  if index > #paths then index = 1 end
  sent = sent + 1
  if sent > #paths and not cycle then repeats = repeats + 1 end
  return wrk.format("GET", paths[index])
end

function response(status, headers, body)
  if status == 400 then
    -- The request deadline's page (templates/400_too_broad.html), not a malformed request.
    if body and string.find(body, "zu allgemein", 1, true) then s400_broad = s400_broad + 1 else s400 = s400 + 1 end
  elseif status == 404 then s404 = s404 + 1
  elseif status == 429 then s429 = s429 + 1
  elseif status == 500 then s500 = s500 + 1
  elseif status == 502 then s502 = s502 + 1
  elseif status == 503 then s503 = s503 + 1
  elseif status == 504 then s504 = s504 + 1
  elseif status >= 500 then s5xx = s5xx + 1
  elseif status >= 400 then s4xx = s4xx + 1
  elseif status >= 300 then s3xx = s3xx + 1
  else s2xx = s2xx + 1 end
end

function done(summary, latency, requests)
  local t = {}
  for _, name in ipairs(names) do t[name] = 0 end
  for _, thread in ipairs(threads) do
    for _, name in ipairs(names) do t[name] = t[name] + (thread:get(name) or 0) end
  end
  local e = summary.errors
  local parts = {}
  for _, name in ipairs(names) do table.insert(parts, string.format('"%s": %d', name, t[name])) end
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, %s}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max, e.connect, e.read, e.write, e.timeout,
    table.concat(parts, ", ")))
end
