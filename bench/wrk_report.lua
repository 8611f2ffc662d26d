-- wrk script for bench/run.py: counts responses whose status is not 2xx (wrk's
-- own counter lets 3xx through) and prints one machine-readable summary line.

local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    non2xx = 0
end

function response(status, headers, body)
    if status < 200 or status > 299 then
        non2xx = non2xx + 1
    end
end

function done(summary, latency, requests)
    local total_non2xx = 0
    for _, thread in ipairs(threads) do
        total_non2xx = total_non2xx + thread:get("non2xx")
    end
    local errors = summary.errors
    io.write(string.format(
        "BENCH_RESULT {\"requests\": %d, \"duration_us\": %d, \"bytes\": %d, "
            .. "\"p50_us\": %d, \"p90_us\": %d, \"p99_us\": %d, \"max_us\": %d, "
            .. "\"non2xx\": %d, \"connect_errors\": %d, \"read_errors\": %d, "
            .. "\"write_errors\": %d, \"timeouts\": %d}\n",
        summary.requests, summary.duration, summary.bytes,
        latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
        total_non2xx, errors.connect, errors.read, errors.write, errors.timeout
    ))
end
