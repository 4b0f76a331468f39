-- wrk script: the synchronized start of an exam. Every connection's first request starts (POST)
-- one learner's attempt; delay() then keeps the connection quiet, so each learner starts once.
-- (wrk calls delay() before every request, the first one included: the first CONNECTIONS/THREADS
-- calls of a thread answer 0, so every connection sends at once.)
-- Usage: wrk -t2 -c2000 -d60s --timeout 60s -s exam-start.lua URL -- learners.txt PAPER_ID THREADS CONNECTIONS
-- learners.txt: one "TOKEN" (first column) per line.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  paper = args[2]
  local count = tonumber(args[3])
  learners = {}
  local n = 0
  for line in io.lines(args[1]) do
    if n % count == id then
      table.insert(learners, line:match("^(%S+)"))
    end
    n = n + 1
  end
  per_thread = math.floor(tonumber(args[4]) / count)
  delays = 0
  counter = 0
  failed = 0
  answered = 0
end

function request()
  counter = counter + 1
  local token = learners[((counter - 1) % #learners) + 1]
  return wrk.format("POST", "/api/v1/training/exams/" .. paper .. "/attempts",
    { ["Authorization"] = "Bearer " .. token, ["Content-Length"] = "0" }, nil)
end

function delay()
  delays = delays + 1
  if delays <= per_thread then
    return 0
  end
  return 3600000
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local failed_total, answered_total = 0, 0
  for _, t in ipairs(threads) do
    failed_total = failed_total + t:get("failed")
    answered_total = answered_total + t:get("answered")
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d answered=%d non200=%d connect=%d read=%d write=%d timeout=%d p50=%.1f p95=%.1f p99=%.1f max=%.1f rate=%.1f\n",
    summary.requests, answered_total, failed_total, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1000000)))
end
