-- wrk script for bench/answers.sh: each request is one person's one-tap
-- answer (POST /m/{token}) with the anonymous CSRF token of a fixed
-- pre-session cookie; tokens are taken round-robin from ANSWER_TOKENS.
local tokens = {}
local i = 0
local csrf = os.getenv("ANSWER_CSRF")
local pre = os.getenv("ANSWER_PRE")
local answers = { "yes", "no", "maybe" }

function init(args)
	for line in io.lines(os.getenv("ANSWER_TOKENS")) do
		tokens[#tokens + 1] = line
	end
	i = math.random(#tokens)
end

function request()
	i = i % #tokens + 1
	local body = "csrf=" .. csrf .. "&answer=" .. answers[i % 3 + 1]
	return wrk.format("POST", "/m/" .. tokens[i], {
		["Content-Type"] = "application/x-www-form-urlencoded",
		["Cookie"] = "pre=" .. pre,
	}, body)
end

function done(summary, latency, requests)
	io.write(string.format("answers: %d requests, %.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d (non-2xx %d)\n",
		summary.requests, summary.requests / (summary.duration / 1e6),
		latency:percentile(50) / 1000, latency:percentile(99) / 1000,
		summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
		summary.errors.status))
end
