-- wrk script: optional rotation of paths, and one machine-readable line of results.
--
--   wrk ... -s report.lua http://host:port/path                      (the URL's path, repeated)
--   wrk ... -s report.lua http://host:port/ -- FILE /help/search/?q=  (PREFIX..each line of FILE)
--
-- FILE holds URL-encoded queries, one a line; each thread starts at its own place in it so the
-- two threads do not send the same query at the same moment.

local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

local paths = nil
local position = 0

function init(args)
  if args[1] ~= nil and args[1] ~= "" then
    local prefix = args[2] or ""
    paths = {}
    for line in io.lines(args[1]) do
      if #line > 0 then
        paths[#paths + 1] = prefix .. line
      end
    end
    position = ((id or 1) - 1) * math.floor(#paths / 2)
  end
end

function request()
  if paths == nil then
    return wrk.request()
  end
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
