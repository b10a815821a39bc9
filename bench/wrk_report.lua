-- Print the figures `bench/http_bench.py` reads: one line of key=value pairs after the run.
-- WRK_HEADER: request headers sent with every request, one "Name: value" a line.
-- Optional POSTs: WRK_BODY_FILE holds form bodies (one per line), WRK_COOKIE a session cookie,
-- WRK_BROWSER_FILE browser-id cookies (one per line, fresh for every run): each request takes the
-- next body, and each thread a browser of its own for every pass over the bodies, as distinct
-- citizens would (a browser rates a point once a day). WRK_NETWORKS=1: each request comes from a
-- network of its own (X-Forwarded-For, which the app believes with PROXY_FIX_X_FOR=1), as the
-- ratings of a province's citizens do; the network caps then apply as in production.
local bodies = {}
local counter = 0
local body_file = os.getenv("WRK_BODY_FILE")
local cookie = os.getenv("WRK_COOKIE")
local extra = os.getenv("WRK_HEADER")
local browser_file = os.getenv("WRK_BROWSER_FILE")
local networks = os.getenv("WRK_NETWORKS") == "1"
local browsers = {}
local PER_THREAD = 40

if body_file then
  for line in io.lines(body_file) do bodies[#bodies + 1] = line end
end
if browser_file then
  for line in io.lines(browser_file) do browsers[#browsers + 1] = line end
end

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  n = 0
end

function request()
  n = n + 1
  local headers = {}
  if extra then
    for line in extra:gmatch("[^\n]+") do
      local k, v = line:match("^([^:]+):%s*(.*)$")
      headers[k] = v
    end
  end
  if #bodies == 0 then
    return wrk.format("GET", nil, headers)
  end
  local line = bodies[((id * 1000003 + n) % #bodies) + 1]
  local path, body = line:match("^(%S+)%s(.*)$")
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  if networks then
    headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", id, math.floor(n / 256) % 256, n % 256)
  end
  headers["Cookie"] = cookie
  if #browsers > 0 then
    local browser = browsers[(((id - 1) * PER_THREAD + math.floor(n / #bodies)) % #browsers) + 1]
    headers["Cookie"] = cookie .. "; " .. browser
  end
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  local failed = errors.connect + errors.read + errors.write + errors.timeout + errors.status
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d errors=%d status_errors=%d bytes=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), failed, errors.status, summary.bytes))
end
