-- wrk script of bench/server_shape.py: plain GETs of one address; done() writes wrk's summary, the latency
-- distribution and the statuses as JSON to the file in BENCH_RESULT.

local threads = {}

function setup(thread)
   threads[#threads + 1] = thread
end

function init(args)
   statuses = {}
end

function response(status, headers, body)
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
   local counts = {}
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses")) do
         counts[status] = (counts[status] or 0) + count
      end
   end
   local parts = {}
   for status, count in pairs(counts) do
      parts[#parts + 1] = string.format('"%s": %d', status, count)
   end
   local errors = summary.errors
   local out = assert(io.open(os.getenv("BENCH_RESULT"), "w"))
   out:write(string.format(
      '{"requests": %d, "duration_us": %d, "bytes": %d, '
         .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
         .. '"latency_us": {"min": %d, "mean": %.1f, "max": %d, "p50": %d, "p90": %d, "p95": %d, "p99": %d}, '
         .. '"statuses": {%s}}\n',
      summary.requests, summary.duration, summary.bytes,
      errors.connect, errors.read, errors.write, errors.status, errors.timeout,
      latency.min, latency.mean, latency.max,
      latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
      table.concat(parts, ", ")
   ))
   out:close()
end
