-- wrk script of bench/heartbeat.py: every connection is one signed-in learner watching a video.
--
-- Run with as many threads as connections (wrk -t N -c N): a wrk thread has one Lua state for all its
-- connections, so one connection per thread is what lets each connection be its own learner, with its own
-- session cookie, CSRF token and position. wrk sends the next request of a connection only after the last
-- answer, so response() always belongs to the request the thread built last.
--
-- Environment (set by bench/heartbeat.py):
--   BENCH_LEARNERS   file with one learner per line: name, session key, CSRF cookie, CSRF token, start (ms)
--   BENCH_RESULT     file that done() writes: the summary, the latency distribution and each learner's
--                    acknowledged position, as JSON
--   BENCH_PATH       /api/progress/ or the floor view
--   BENCH_LESSON     the lesson's page id
--   BENCH_STEP_MS    how far the position moves on with every heartbeat
--   BENCH_SESSION_COOKIE, BENCH_CSRF_COOKIE   the cookie names of the settings
--
-- Each heartbeat reports the 15 s of playback that end at its position ([position - 15 s, position]) and
-- moves the position on by BENCH_STEP_MS first, so positions increase with every request of a connection.

local WINDOW_MS = 15000

-- The main Lua state: setup() hands each thread its learner, done() collects what the threads saw.
local threads = {}
local learners = nil

local function read_learners(path)
   local list = {}
   for line in io.lines(path) do
      local name, session, cookie, token, start = line:match("^(%S+)\t(%S+)\t(%S+)\t(%S+)\t(%S+)$")
      if not name then
         error("bad line in " .. path .. ": " .. line)
      end
      list[#list + 1] = { name = name, session = session, cookie = cookie, token = token, start = tonumber(start) }
   end
   return list
end

function setup(thread)
   learners = learners or read_learners(os.getenv("BENCH_LEARNERS"))
   local learner = learners[#threads + 1]
   if not learner then
      error("more wrk threads than learners in " .. os.getenv("BENCH_LEARNERS"))
   end
   thread:set("name", learner.name)
   thread:set("session", learner.session)
   thread:set("csrf_cookie", learner.cookie)
   thread:set("csrf_token", learner.token)
   thread:set("position", learner.start)
   threads[#threads + 1] = thread
end

-- The thread's Lua state: one learner.

function init(args)
   path = os.getenv("BENCH_PATH")
   lesson = tonumber(os.getenv("BENCH_LESSON"))
   step = tonumber(os.getenv("BENCH_STEP_MS"))
   headers = {
      ["Content-Type"] = "application/json",
      ["X-CSRFToken"] = csrf_token,
      -- fetch() in a browser sends Origin, which Django's CSRF check compares with the host.
      ["Origin"] = "http://" .. wrk.host .. ":" .. wrk.port,
      ["Cookie"] = os.getenv("BENCH_SESSION_COOKIE") .. "=" .. session .. "; "
         .. os.getenv("BENCH_CSRF_COOKIE") .. "=" .. csrf_cookie,
   }
   sent = 0
   acked = 0
   acked_position = -1  -- ms; the last position answered with 200
   pending = nil
   statuses = {}
   first_failure = ""
end

function request()
   position = position + step
   pending = position
   sent = sent + 1
   local start = math.max(0, position - WINDOW_MS)
   local body = string.format(
      '{"lesson": %d, "intervals": [[%.3f, %.3f]], "position": %.3f}',
      lesson, start / 1000, position / 1000, position / 1000
   )
   return wrk.format("POST", path, headers, body)
end

function response(status, response_headers, body)
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
   if status == 200 then
      acked = acked + 1
      if pending > acked_position then
         acked_position = pending
      end
   elseif first_failure == "" then
      first_failure = key .. " " .. string.sub(body or "", 1, 200)
   end
end

-- Back in the main state once the run is over.

local function json_string(value)
   return '"' .. string.gsub(value, '[%c"\\]', function(c)
      return string.format("\\u%04x", string.byte(c))
   end) .. '"'
end

function done(summary, latency, requests)
   local out = assert(io.open(os.getenv("BENCH_RESULT"), "w"))
   local errors = summary.errors
   out:write(string.format(
      '{"requests": %d, "duration_us": %d, "bytes": %d, '
         .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ',
      summary.requests, summary.duration, summary.bytes,
      errors.connect, errors.read, errors.write, errors.status, errors.timeout
   ))
   out:write(string.format(
      '"latency_us": {"min": %d, "mean": %.1f, "max": %d, "p50": %d, "p90": %d, "p95": %d, "p99": %d}, ',
      latency.min, latency.mean, latency.max,
      latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99)
   ))
   out:write('"learners": [')
   for i, thread in ipairs(threads) do
      local parts = {}
      for status, count in pairs(thread:get("statuses")) do
         parts[#parts + 1] = string.format("%s: %d", json_string(status), count)
      end
      out:write(string.format(
         '%s{"name": %s, "sent": %d, "acked": %d, "acked_position_ms": %d, "statuses": {%s}, "first_failure": %s}',
         i > 1 and ", " or "",
         json_string(thread:get("name")), thread:get("sent"), thread:get("acked"),
         thread:get("acked_position"), table.concat(parts, ", "), json_string(thread:get("first_failure"))
      ))
   end
   out:write("]}\n")
   out:close()
end
