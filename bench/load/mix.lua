-- A realistic mix for wrk (bench/load/run.py starts the server and passes the addresses):
-- full pages in both languages, search, htmx fragments, static assets and form posts.
-- Every form post comes from its own X-Forwarded-For address (uvicorn trusts it from loopback),
-- so the per-address rate limit (5 an hour) does not turn the load into 429s; any 429 is
-- still counted and reported apart from the errors.

local function split(text)
  local list = {}
  for item in string.gmatch(text or "", "[^,]+") do list[#list + 1] = item end
  return list
end

local pages = split(os.getenv("DOSTOP_LOAD_PAGES"))
local assets = split(os.getenv("DOSTOP_LOAD_ASSETS"))
local words = {"projekt", "razpis", "kultura", "energy", "mobility", "regija", "EU", "xyz"}
local fragments = {"/sl/novice/?page=2", "/en/news/?page=2", "/sl/iskanje/?q=projekt",
                   "/en/search/?q=energy"}

local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
end

-- per thread, read by done()
n, s2xx, s3xx, s429, s4xx, s5xx, posts = 0, 0, 0, 0, 0, 0, 0

local function address()
  local k = thread_id * 1000000 + n
  return string.format("10.%d.%d.%d", math.floor(k / 65536) % 256, math.floor(k / 256) % 256,
                       k % 256)
end

function request()
  n = n + 1
  local pick = n % 20
  if pick < 9 then                                   -- 45 %: full pages
    return wrk.format("GET", pages[n % #pages + 1])
  elseif pick < 12 then                              -- 15 %: search
    return wrk.format("GET", "/sl/iskanje/?q=" .. words[n % #words + 1])
  elseif pick < 16 then                              -- 20 %: htmx fragments
    return wrk.format("GET", fragments[n % #fragments + 1], {["HX-Request"] = "true"})
  elseif pick < 18 then                              -- 10 %: CSS, JS
    return wrk.format("GET", assets[n % #assets + 1], {["Accept-Encoding"] = "br, gzip"})
  end
  posts = posts + 1                                  -- 10 %: forms (contact, feedback, newsletter)
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded",
                   ["X-Forwarded-For"] = address()}
  local kind = n % 3
  if kind == 0 then
    return wrk.format("POST", "/sl/kontakt/obrazec/", headers,
      "name=Ana+Novak&email=ana%40example.si&subject=Load&message=Load+test+" .. n)
  elseif kind == 1 then
    return wrk.format("POST", "/en/accessibility/feedback/", headers,
      "problem=Load+test+" .. n .. "&page=%2Fen%2Fnews%2F")
  end
  return wrk.format("POST", "/en/newsletter/", headers,
    "email=load" .. thread_id .. "-" .. n .. "%40example.si&language=en&consent=yes")
end

function response(status, headers, body)
  if status < 300 then s2xx = s2xx + 1
  elseif status < 400 then s3xx = s3xx + 1
  elseif status == 429 then s429 = s429 + 1
  elseif status < 500 then s4xx = s4xx + 1
  else s5xx = s5xx + 1 end
end

local threads = {}
local original_setup = setup
function setup(thread)
  original_setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local totals = {s2xx = 0, s3xx = 0, s429 = 0, s4xx = 0, s5xx = 0, posts = 0}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do totals[key] = totals[key] + thread:get(key) end
  end
  io.write(string.format(
    "DOSTOP-LOAD requests=%d seconds=%.1f rps=%.1f p50=%.1f p90=%.1f p99=%.1f max=%.1f "
    .. "s2xx=%d s3xx=%d s429=%d s4xx=%d s5xx=%d posts=%d connect_errors=%d read_errors=%d "
    .. "write_errors=%d timeouts=%d status_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    totals.s2xx, totals.s3xx, totals.s429, totals.s4xx, totals.s5xx, totals.posts,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status))
end
