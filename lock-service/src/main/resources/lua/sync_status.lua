-- The push token's state, queue and last push (settling an expiry first).
-- ARGV: project, claimMs, graceMs
local p = ARGV[1]
local now = now_ms()
local st = settle_sync(p, now, tonumber(ARGV[2]), tonumber(ARGV[3]))
local queue = redis.call('LRANGE', k_queue(p), 0, -1)
return cjson.encode({ status = 'ok', state = st or cjson.null, queue = list(queue), lastPush = last_push(p) })
