-- wrk script: after the run, print one line "JSON {...}" with the figures bench/report.py reads.
-- wrk's own --latency output has no 95th percentile, hence this. Times are in microseconds.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "mean_us": %.1f, "max_us": %d, "non_2xx_3xx": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
