-- wrk script: learners in a running exam saving answers (PUT …/answers, as the exam page's
-- autosave does) with a sequence number per learner. Each connection waits DELAY_MS (±50 %, so
-- connections drift apart after their synchronized first save) between saves: a learner's
-- 15 s autosave is DELAY_MS=15000 with one connection per learner.
-- wrk calls delay() before every request, the first one included: a connection's first save comes
-- at a random moment within DELAY_MS, as learners who started together answer at their own pace.
-- Usage: wrk -t2 -c2000 -d60s -s exam-save.lua URL -- learners.txt THREADS DELAY_MS CONNECTIONS
-- learners.txt: "TOKEN ATTEMPT_ID" per line.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local count = tonumber(args[2])
  mean_delay = tonumber(args[3])
  learners = {}
  local n = 0
  for line in io.lines(args[1]) do
    if n % count == id then
      local token, attempt = line:match("^(%S+)%s+(%S+)")
      table.insert(learners, { token = token, attempt = attempt, seq = 0 })
    end
    n = n + 1
  end
  math.randomseed(1000 + id)
  per_thread = math.floor(tonumber(args[4]) / count)
  delays = 0
  counter = 0
  failed = 0
  answered = 0
end

function request()
  counter = counter + 1
  local learner = learners[((counter - 1) % #learners) + 1]
  learner.seq = learner.seq + 1
  local slot = learner.seq % 5
  local body = string.format('{"answers":[{"slot":%d,"seq":%d,"response":{"text":"第 %d 次保存：非常抱歉给您带来不便，我马上为您处理。"}}]}', slot, learner.seq, learner.seq)
  return wrk.format("PUT", "/api/v1/training/attempts/" .. learner.attempt .. "/answers",
    { ["Authorization"] = "Bearer " .. learner.token, ["Content-Type"] = "application/json" }, body)
end

function delay()
  delays = delays + 1
  if delays <= per_thread then
    return math.floor(mean_delay * math.random())
  end
  return math.floor(mean_delay * (0.5 + math.random()))
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
